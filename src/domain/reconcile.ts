import { formatMoney } from './money';
import { showQty } from './numbers';
import type { ParkedLine } from './count-capture';
import type { Materiality } from './types';
import { arithmeticLine, gapOf, varianceState, type Gap, type VarianceState } from './variance';

// The join: every counted SKU against the session's snapshot, each outcome handled on purpose —
// counted and in the system, counted but not in the system here, in the system but not counted.

export type LineKind = 'matched' | 'not_in_system' | 'not_counted';

/** One SKU the snapshot holds at the session's location: what the count is held to. */
export interface SystemLine {
  sku: string;
  name: string;
  system: number;
  unitCost: number | null;
  /** Nobody counted it and the counter confirmed none on the shelf: a counted zero that always goes to the approver. */
  confirmedZero?: boolean;
}

/** A SKU counted here that the snapshot does not hold here (the stock sheet knows it at another location). */
export interface UnlistedItem {
  name: string;
  unitCost: number | null;
}

export interface ReconciledLine {
  sku: string;
  name: string;
  kind: LineKind;
  /** null when not counted. */
  counted: number | null;
  /** The snapshot's quantity; 0 for a SKU not in the system here. */
  system: number;
  unitCost: number | null;
  /** null when not counted. */
  gap: Gap | null;
  state: VarianceState | null;
  /** The line the card shows; null when not counted. */
  arithmetic: string | null;
}

export interface ReconcileInput {
  location: string;
  snapshot: readonly SystemLine[];
  /** Eaches counted per SKU (all files of the session so far). */
  counts: ReadonlyMap<string, number>;
  /** Counted SKUs known only at other locations, with the name and unit cost they have there. */
  unlisted: ReadonlyMap<string, UnlistedItem>;
  materiality: Materiality;
  currency: string;
}

const byKey = <T>(map: ReadonlyMap<string, T>) => new Map([...map].map(([k, v]) => [k.toLowerCase(), v] as const));

/** Every line of the session, sorted by SKU: matched and not-counted lines from the snapshot, then anything counted but unlisted. */
export function reconcile(input: ReconcileInput): ReconciledLine[] {
  const counts = byKey(input.counts);
  const m = input.materiality;
  const lines: ReconciledLine[] = [];
  const listed = new Set<string>();

  for (const s of input.snapshot) {
    listed.add(s.sku.toLowerCase());
    const counted = counts.get(s.sku.toLowerCase()) ?? (s.confirmedZero ? 0 : undefined);
    // Each line is written out whole rather than spread from a shared base: V8 gives spread objects built in a loop
    // a layout each, which made this pass twice as slow and 30 MB heavier on a 50,000-line count (bench/reconcile.ts).
    if (counted === undefined) {
      lines.push({
        sku: s.sku,
        name: s.name,
        system: s.system,
        unitCost: s.unitCost,
        kind: 'not_counted',
        counted: null,
        gap: null,
        state: null,
        arithmetic: null,
      });
      continue;
    }
    const gap = gapOf(counted, s.system, s.unitCost);
    const arithmetic = arithmeticLine(counted, s.system, gap, m, input.currency);
    // A confirmed zero is the counter's word against the system's, so it goes to the approver whatever its size.
    const confirmed = s.confirmedZero === true && !counts.has(s.sku.toLowerCase()) && gap.units !== 0;
    lines.push({
      sku: s.sku,
      name: s.name,
      system: s.system,
      unitCost: s.unitCost,
      kind: 'matched',
      counted,
      gap,
      state: confirmed ? 'material' : varianceState(gap, m),
      arithmetic: confirmed ? `${arithmetic}; confirmed none on the shelf` : arithmetic,
    });
  }

  const unlisted = byKey(input.unlisted);
  for (const [sku, counted] of input.counts) {
    if (listed.has(sku.toLowerCase())) continue;
    const item = unlisted.get(sku.toLowerCase());
    const unitCost = item?.unitCost ?? null;
    const gap = gapOf(counted, 0, unitCost);
    const money = gap.value === null ? 'no unit cost' : formatMoney(gap.value, input.currency);
    lines.push({
      sku,
      name: item?.name ?? sku,
      kind: 'not_in_system',
      counted,
      system: 0,
      unitCost,
      gap,
      // An item on the shelf that the system does not hold here is always worth a manager's look.
      state: 'material',
      arithmetic: `${showQty(counted)} counted, none in the system at ${input.location}: +${showQty(counted)} (${money})`,
    });
  }
  return lines.sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
}

/** Count files reconciled against an inventory with no state: what `stockbot reconcile` prints. */
export interface ReconcileFilesResult {
  location: string;
  lines: ReconciledLine[];
  parked: (ParkedLine & { file: string })[];
  /** Non-blank rows read across the files. */
  linesRead: number;
  rescans: number;
  blanks: number;
}
