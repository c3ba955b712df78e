// A forwarded mail as the inbox lane keeps it: who sent what, what was read from it, and what the owner decided.

/** proposed: waiting for the owner; approved: rows being written; applied: in the stock sheet's outbox; the rest end it. */
export type IntakeStatus = 'proposed' | 'approved' | 'applied' | 'discarded' | 'ignored' | 'nothing-usable';

/** One row the owner is asked to approve: today's values beside the proposed ones. */
export interface IntakeRow {
  sku: string;
  location: string;
  name: string;
  onHand?: { current: number; proposed: number; confidence?: number };
  unitCost?: { current: number | null; proposed: number; confidence?: number };
  /** Plain words: "on hand falls by 80%", "not in the document (typed by the owner)". */
  flags: string[];
  /** The document's words the numbers were read from. */
  sourceText: string;
  fileName: string;
}

/** A row read but not proposed, and why. */
export interface DroppedRow {
  what: string;
  reason: string;
  fileName: string;
}

export interface IntakeRecord {
  /** Stable per delivered mail (from where the raw mail is kept), so a redelivered notification proposes nothing twice. */
  mail_id: string;
  status: IntakeStatus;
  received_at: string;
  from: string;
  from_name?: string;
  subject: string;
  /** Where the raw mail is kept (an S3 key, a local path): Discard moves it under `discarded/`. */
  raw_key: string;
  /** The attachments read, by name. */
  files: string[];
  /** Who proposed the rows: the model, or the rule-based matcher. */
  proposer?: string;
  rows: IntakeRow[];
  dropped: DroppedRow[];
  /** Why the mail was ignored or had nothing usable, in words. */
  note?: string;
  /** The owner's DM, updated in place as the proposal is decided. */
  message?: { channel: string; ts: string };
  decided_by?: string;
  decided_at?: string;
  /** Set while the proposal waits for the owner: the sparse index the digest lists waiting proposals from. */
  waiting?: 'yes';
}
