import { reconcile } from '../domain/reconcile';
import { clean } from '../domain/numbers';
import type { Rules } from '../domain/types';
import { lineSk, sessionPk, type Contribution, type CountLine, type SessionMeta } from '../store/counts';

// A session line's count is the sum of what each file (and each fixed parked row) contributed. Recomputing a line from
// its contributions, rather than adding to a running total, is what makes reading a file twice — a retried job, a
// re-delivered event — change nothing the second time.

/**
 * DynamoDB refuses an item over 400 KB, and a count file may carry a cell of any size: every text a count row stores
 * is cut to these lengths (characters) first, so no upload can make a write fail on its size. Raw rows are what a
 * person recognises a row by, and a few hundred characters are plenty for that.
 */
export const STORED_TEXT = {
  /** An item's name, a file's name. */
  name: 200,
  /** A row as typed (parked rows, and each row behind a count). */
  raw: 500,
  /** Why a row was parked, a likely cause's rationale. */
  reason: 500,
  /** A code, quantity or unit cell of a parked row. */
  cell: 200,
} as const;

/** The rows kept behind one file's count of a line: enough for the likely-cause evidence, never a whole file. */
export const RAW_ROWS_KEPT = 10;

/** `text` cut to `max` characters, ending in an ellipsis, never through a surrogate pair. Pure. */
export function bounded(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  if (/[\uD800-\uDBFF]/.test(text.charAt(cut - 1))) cut--;
  return `${text.slice(0, cut)}…`;
}

/** Decided, or waiting on the approver's choice: a new count no longer changes it (a recount is a new session). */
export const isLocked = (line: CountLine): boolean =>
  line.variance_status === 'approved' || line.variance_status === 'rejected' || line.variance_status === 'held';

/** The line as reconciled with `key`'s contribution set (or removed, with null); a locked line comes back as it was. Pure. */
export function withContribution(line: CountLine, key: string, contribution: Contribution | null, rules: Rules): CountLine {
  if (isLocked(line)) return line;
  const contributions = { ...(line.contributions ?? {}) };
  if (contribution)
    contributions[key] = { qty: contribution.qty, raw: contribution.raw.slice(0, RAW_ROWS_KEPT).map((r) => bounded(r, STORED_TEXT.raw)) };
  else delete contributions[key];
  const parts = Object.values(contributions);
  // A count that arrives after "confirm zero" is the better evidence, so it replaces the confirmation.
  const confirmedZero = parts.length === 0 && line.confirmed_zero === true;
  const counted = parts.length > 0 ? clean(parts.reduce((sum, c) => sum + c.qty, 0)) : confirmedZero ? 0 : null;
  return reconciled({ ...line, contributions, confirmed_zero: confirmedZero || undefined }, counted, rules);
}

/** "Confirm zero" on a line nobody counted: a counted 0 that goes to the approver. Pure. */
export function confirmedZero(line: CountLine, rules: Rules): CountLine {
  if (isLocked(line) || line.counted !== null) return line;
  return reconciled({ ...line, confirmed_zero: true }, 0, rules);
}

function reconciled(line: CountLine, counted: number | null, rules: Rules): CountLine {
  const counts = new Map(
    counted === null || (line.confirmed_zero && Object.keys(line.contributions ?? {}).length === 0) ? [] : [[line.sku, counted]],
  );
  const notInSystem = line.kind === 'not_in_system';
  const [r] = reconcile({
    location: line.location,
    snapshot: notInSystem
      ? []
      : [{ sku: line.sku, name: line.name, system: line.system, unitCost: line.unit_cost, confirmedZero: line.confirmed_zero === true }],
    counts,
    unlisted: new Map([[line.sku, { name: line.name, unitCost: line.unit_cost }]]),
    materiality: rules.materiality,
    currency: rules.currency,
  });
  const next: CountLine = {
    ...line,
    counted: r?.counted ?? null,
    kind: r?.kind ?? (notInSystem ? 'not_in_system' : 'not_counted'),
    state: r?.state ?? null,
    gap_units: r?.gap?.units ?? null,
    gap_pct: r?.gap?.pct ?? null,
    gap_value: r?.gap?.value ?? null,
    arithmetic: r?.arithmetic ?? undefined,
  };
  if (next.state === 'material') {
    next.variance_status = 'queued';
    // A cause belongs to a gap: when the gap changes, it is asked for again.
    if (line.gap_units !== next.gap_units || line.state !== 'material')
      Object.assign(next, { cause: undefined, rationale: undefined, cause_source: undefined });
  } else {
    // No longer material (another bin made up the gap): nothing waits for the approver any more.
    Object.assign(next, { variance_status: undefined, cause: undefined, rationale: undefined, cause_source: undefined });
  }
  return next;
}

/** A SKU counted at the session's location that its snapshot does not hold (the stock sheet knows it elsewhere). */
export function unlistedLine(
  meta: SessionMeta,
  item: { sku: string; name: string; category: string | null; unitCost: number | null },
): CountLine {
  return {
    pk: sessionPk(meta.session_id),
    sk: lineSk(item.sku),
    session_id: meta.session_id,
    location: meta.location,
    sku: item.sku,
    name: bounded(item.name, STORED_TEXT.name),
    category: item.category === null ? null : bounded(item.category, STORED_TEXT.name),
    system: 0,
    unit_cost: item.unitCost,
    inventory_version: 0,
    counted: null,
    kind: 'not_in_system',
  };
}

/** Whether a recompute changed what a person sees (so the line is written and its card redrawn). */
export const lineChanged = (a: CountLine, b: CountLine): boolean =>
  a.counted !== b.counted ||
  a.state !== b.state ||
  a.kind !== b.kind ||
  a.variance_status !== b.variance_status ||
  a.confirmed_zero !== b.confirmed_zero ||
  JSON.stringify(a.contributions ?? {}) !== JSON.stringify(b.contributions ?? {});
