// The records of a count session as stored and shown: plain data, so views and services share one shape.

/** open → captured (a file was read) → reconciled (every material variance decided) → closed. */
export type SessionStatus = 'open' | 'captured' | 'reconciled' | 'closed';

export interface SessionMeta {
  pk: string;
  sk: 'META';
  session_id: string;
  location: string;
  /** Slack user id (or a name, from the CLI) of whoever counts. */
  counter: string;
  opened_by: string;
  /** Categories counted; null for the whole location. */
  scope: string[] | null;
  opened_at: string;
  session_status: SessionStatus;
  /** The highest inventory version in the snapshot: what the count is reconciled against. */
  snapshot_version: number;
  /** `<channel>#<thread ts>` of the session message, where uploads and cards go. */
  thread?: string;
  channel?: string;
  ts?: string;
  /** Count files read so far (their names), in order. */
  files?: string[];
  closed_at?: string;
}

/** queued: waiting for the approver; held: the quantity moved since the snapshot, the approver must choose. */
export type VarianceStatus = 'queued' | 'approved' | 'rejected' | 'held';

/** What one file (or one fixed parked row) added to a line: re-reading the same file replaces its entry, never adds twice. */
export interface Contribution {
  /** Eaches. */
  qty: number;
  /** The rows behind it, as typed (at most a few, for the likely-cause evidence). */
  raw: string[];
}

/** One SKU of a session: its snapshot, then what was counted and the variance. */
export interface CountLine {
  pk: string;
  sk: string;
  session_id: string;
  location: string;
  sku: string;
  name: string;
  category: string | null;
  /** The system quantity in the snapshot. */
  system: number;
  unit_cost: number | null;
  inventory_version: number;
  /** Not counted yet: null. The sum of `contributions` (or 0 for a confirmed zero). */
  counted: number | null;
  /** Counts by source: `FILE#<file id>` for an upload, `FIX#<parked row>` for a fixed parked line. */
  contributions?: Record<string, Contribution>;
  /** Bumped on every write, so a write based on an older read of the line is refused and redone. */
  rev?: number;
  kind?: 'matched' | 'not_in_system' | 'not_counted';
  state?: 'agreement' | 'minor' | 'material' | null;
  gap_units?: number | null;
  gap_pct?: number | null;
  gap_value?: number | null;
  /** The one-line arithmetic the card shows: `432 − 480 = −48 (−10%, −£16.80) > 2 units and 1%`. */
  arithmetic?: string;
  cause?: string;
  rationale?: string;
  cause_source?: string;
  variance_status?: VarianceStatus;
  /** The variance card in the session thread. */
  card?: { channel: string; ts: string; link?: string };
  decided_by?: string;
  decided_at?: string;
  /** When held: the quantity found in the inventory at approval. */
  held_quantity?: number;
  /** The counter confirmed a not-counted line as a true zero. */
  confirmed_zero?: boolean;
  /**
   * Set while the variance waits for its approver (queued or held): the sparse index the variance sweep and the
   * weekly digest read, so neither scans every session, open or closed.
   */
  variance_waiting?: 'yes';
  /** When the variance started waiting (ISO): its age. */
  waiting_since?: string;
  /** The local date the approver was last reminded of it, so the sweep reminds once a day. */
  reminded_on?: string;
}

/** A count-file line that could not be resolved: kept with its reason until someone fixes it. */
export interface ParkedRecord {
  pk: string;
  sk: string;
  session_id: string;
  file: string;
  row: number;
  raw: string;
  reason: string;
  /** The row's cells, so a fix can correct one and re-enter the line: code, quantity (null: one scan), unit. */
  code: string;
  qty: string | null;
  unit: string;
  /** How it was fixed, by whom and when; absent while it waits. */
  fixed?: { by: string; at: string; sku: string; qty: number };
}

/** One posted count adjustment (append-only): who, when, cause, before, after, session. */
export interface Adjustment {
  pk: string;
  sk: string;
  location: string;
  sku: string;
  session_id: string;
  before: number;
  after: number;
  delta: number;
  cause: string;
  by: string;
  at: string;
}
