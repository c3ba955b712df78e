import type { IntakeDocument, ProposedRow } from './intake-document';
import type { StockItem } from './types';

// Plain-code checks on every row a proposer suggests from a forwarded document. A misread count is worse than none,
// so a row is only proposed when its SKU is known, its numbers are in the line it was read from, and that line is in
// the document. Large changes are flagged for the owner, not dropped: a real recount can differ a lot.

/** A proposed on hand differing from today's by more than this fraction is flagged. */
export const ON_HAND_FLAG = 0.5;
/** A proposed unit cost differing from today's by more than this fraction is flagged. */
export const COST_FLAG = 0.3;
/** Rows checked from one document; a proposal longer than this is a catalogue, not a count. */
export const MAX_PROPOSED_ROWS = 500;
const MAX_QUANTITY = 1_000_000_000;
const MAX_UNIT_COST = 1_000_000;
const MAX_SOURCE_CHARS = 1000;

export interface CheckedValue<T> {
  current: T;
  proposed: number;
  confidence?: number;
}

export interface CheckedRow {
  sku: string;
  location: string;
  onHand?: CheckedValue<number>;
  unitCost?: CheckedValue<number | null>;
  flags: string[];
  sourceText: string;
}

export interface ProposalCheck {
  accepted: CheckedRow[];
  dropped: { row: ProposedRow; reason: string }[];
}

/** Lower case, one space between words, separators (`|`, tabs, `;`) as spaces: how a line is matched to the document. */
const normal = (text: string) =>
  text
    .toLowerCase()
    .replace(/[|\t;]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** The numbers written in a line: "1,200", "£4.20", "12 ea" → 1200, 4.2, 12. */
export function numbersIn(text: string): number[] {
  return [...text.matchAll(/\d[\d,]*(?:\.\d+)?/g)].map((m) => Number(m[0].replace(/,(?=\d{3}\b)/g, '').replace(/,/g, '')));
}

const pct = (from: number, to: number) => `${Math.round(Math.abs((to - from) / from) * 100)}%`;

/** Flags for a change worth a second look, in words for the owner. */
export function changeFlags(onHand?: CheckedValue<number>, unitCost?: CheckedValue<number | null>): string[] {
  const flags: string[] = [];
  if (onHand) {
    const { current, proposed } = onHand;
    if (current === 0 ? proposed > 0 : Math.abs(proposed - current) > ON_HAND_FLAG * current)
      flags.push(current === 0 ? `on hand rises from 0` : `on hand ${proposed < current ? 'falls' : 'rises'} by ${pct(current, proposed)}`);
  }
  if (unitCost && unitCost.current !== null && unitCost.current > 0) {
    const { current, proposed } = unitCost;
    if (Math.abs(proposed - current) > COST_FLAG * current)
      flags.push(`cost ${proposed < current ? 'falls' : 'rises'} by ${pct(current, proposed)}`);
  }
  return flags;
}

const confidenceOf = (c: number | undefined) => (c === undefined || !Number.isFinite(c) ? undefined : Math.min(1, Math.max(0, c)));

/**
 * Checks every proposed row against the document and the stock sheet. Kept rows carry today's value beside the
 * proposed one and any flags; every other row is dropped with its reason in plain words.
 */
export function checkProposal(rows: readonly ProposedRow[], document: IntakeDocument, items: readonly StockItem[]): ProposalCheck {
  const accepted: CheckedRow[] = [];
  const dropped: ProposalCheck['dropped'] = [];
  const lines = [normal(document.text), ...document.tables.flatMap((t) => t.rows.map((r) => normal(r.join(' '))))];
  const inDocument = (source: string) => {
    const s = normal(source);
    return s !== '' && lines.some((l) => l.includes(s));
  };
  const bySku = new Map<string, StockItem[]>();
  for (const item of items) {
    for (const code of [item.sku, ...item.aliases]) {
      const key = code.trim().toLowerCase();
      bySku.set(key, [...(bySku.get(key) ?? []).filter((i) => i !== item), item]);
    }
  }
  for (const row of rows.slice(MAX_PROPOSED_ROWS)) {
    dropped.push({ row, reason: `more than ${MAX_PROPOSED_ROWS} rows: send the rest in another mail` });
  }

  const seen = new Map<string, { row: ProposedRow; checked: CheckedRow }>();
  for (const row of rows.slice(0, MAX_PROPOSED_ROWS)) {
    const drop = (reason: string) => dropped.push({ row, reason });
    const sku = String(row.sku ?? '').trim();
    const source = String(row.sourceText ?? '').slice(0, MAX_SOURCE_CHARS);
    const candidates = bySku.get(sku.toLowerCase()) ?? [];
    if (candidates.length === 0) {
      drop(`${sku || 'a row without a SKU'} is not in the stock sheet`);
      continue;
    }
    const located = row.location ? candidates.filter((i) => i.location.toLowerCase() === row.location!.trim().toLowerCase()) : candidates;
    const locations = [...new Set(located.map((i) => i.location))];
    if (located.length === 0) {
      drop(`${sku} is not stocked at ${row.location}`);
      continue;
    }
    if (locations.length > 1) {
      drop(`${sku} is stocked at ${locations.join(' and ')}, and the document does not say which`);
      continue;
    }
    const item = located[0]!;
    if (row.onHand === undefined && row.unitCost === undefined) {
      drop(`${sku}: nothing to change was read`);
      continue;
    }
    if (!inDocument(source)) {
      drop(`${sku}: the line "${source.slice(0, 80)}" is not in the document`);
      continue;
    }
    // A number read from a line that does not name the item is not that item's figure ("set every count to 0").
    if (!namesItem(source, item)) {
      drop(`${sku}: the line "${source.slice(0, 80)}" does not name it`);
      continue;
    }
    const written = numbersIn(source);
    const readFromLine = (n: number) => written.some((w) => Math.abs(w - n) < 1e-9);
    if (row.onHand !== undefined && !(Number.isInteger(row.onHand) && row.onHand >= 0 && row.onHand <= MAX_QUANTITY)) {
      drop(`${sku}: ${row.onHand} is not a count (a whole number from 0)`);
      continue;
    }
    if (row.unitCost !== undefined && !(Number.isFinite(row.unitCost) && row.unitCost >= 0 && row.unitCost <= MAX_UNIT_COST)) {
      drop(`${sku}: ${row.unitCost} is not a unit cost`);
      continue;
    }
    const missing = [row.onHand, row.unitCost].filter((n): n is number => n !== undefined && !readFromLine(n));
    if (missing.length > 0) {
      drop(
        `${sku}: ${missing.join(' and ')} ${missing.length === 1 ? 'does' : 'do'} not appear in the line it was read from ("${source.slice(0, 80)}")`,
      );
      continue;
    }
    const onHand =
      row.onHand === undefined || row.onHand === item.onHand
        ? undefined
        : { current: item.onHand, proposed: row.onHand, confidence: confidenceOf(row.confidence?.onHand) };
    const unitCost =
      row.unitCost === undefined || row.unitCost === item.unitCost
        ? undefined
        : { current: item.unitCost, proposed: row.unitCost, confidence: confidenceOf(row.confidence?.unitCost) };
    if (!onHand && !unitCost) {
      drop(`${sku}: no change (the stock sheet already says so)`);
      continue;
    }
    const checked: CheckedRow = {
      sku: item.sku,
      location: item.location,
      ...(onHand ? { onHand: stripUndefined(onHand) } : {}),
      ...(unitCost ? { unitCost: stripUndefined(unitCost) } : {}),
      flags: changeFlags(onHand, unitCost),
      sourceText: source,
    };
    const key = `${item.location.toLowerCase()}#${item.sku.toLowerCase()}`;
    const earlier = seen.get(key);
    if (earlier) {
      const same =
        earlier.checked.onHand?.proposed === checked.onHand?.proposed && earlier.checked.unitCost?.proposed === checked.unitCost?.proposed;
      if (same) continue;
      const at = accepted.indexOf(earlier.checked);
      if (at >= 0) {
        accepted.splice(at, 1);
        dropped.push({ row: earlier.row, reason: `the document gives two different figures for ${item.sku}` });
      }
      drop(`the document gives two different figures for ${item.sku}`);
      continue;
    }
    seen.set(key, { row, checked });
    accepted.push(checked);
  }
  return { accepted, dropped };
}

/** Whether a line names the item: its SKU or an alias, or most of the words of its name. */
function namesItem(line: string, item: StockItem): boolean {
  const text = normal(line);
  if ([item.sku, ...item.aliases].some((code) => code.trim() !== '' && text.includes(code.trim().toLowerCase()))) return true;
  const nameWords = normal(item.name)
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 1);
  const lineWords = new Set(text.split(/[^a-z0-9]+/));
  return nameWords.length > 0 && nameWords.filter((w) => lineWords.has(w)).length * 2 >= nameWords.length;
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
