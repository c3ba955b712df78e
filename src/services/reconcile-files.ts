import { basename } from 'node:path';
import { readCountFile } from '../config/count-file';
import type { CountFile } from '../domain/count-rows';
import { DocumentError, type Problem } from '../config/errors';
import { readDocumentBytes } from '../config/headers';
import { captureCounts } from '../domain/count-capture';
import { reconcile } from '../domain/reconcile';
import type { Rules, StockItem } from '../domain/types';
import type { ReconcileFilesResult } from '../domain/reconcile';

export type { ReconcileFilesResult };

export interface ReconcileFilesInput {
  /** The system of record: stock-sheet rows, `on_hand` as the system quantity. */
  inventory: readonly StockItem[];
  /** Count files as read from disk: name and bytes. */
  counts: readonly { name: string; bytes: Buffer }[];
  location: string;
  rules: Rules;
}

/**
 * `stockbot reconcile`: count files against an inventory with no state at all — the same capture and reconcile the
 * Slack lane runs, without a session (the whole location is in scope; several files add up, as bins do).
 */
export async function reconcileFiles(input: ReconcileFilesInput): Promise<ReconcileFilesResult> {
  const here = input.inventory.filter((i) => i.location.toLowerCase() === input.location.toLowerCase());
  if (here.length === 0) {
    const known = [...new Set(input.inventory.map((i) => i.location))].sort();
    throw new DocumentError([
      { file: 'inventory', message: `has no items at location "${input.location}"; its locations are ${known.join(', ') || 'none'}` },
    ]);
  }
  const location = here[0]!.location;
  const totals = new Map<string, number>();
  const unlisted = new Map<string, { name: string; unitCost: number | null }>();
  const result: ReconcileFilesResult = { location, lines: [], parked: [], linesRead: 0, rescans: 0, blanks: 0 };
  const problems: Problem[] = [];
  for (const file of input.counts) {
    let read: CountFile;
    try {
      read = await readCountFile(file.name, file.bytes);
    } catch (err) {
      if (err instanceof DocumentError) {
        problems.push(...err.problems);
        continue;
      }
      throw err;
    }
    const capture = captureCounts(read, location, input.inventory);
    for (const [sku, qty] of capture.counts) totals.set(sku, (totals.get(sku) ?? 0) + qty);
    for (const [sku, item] of capture.elsewhere) unlisted.set(sku, { name: item.name, unitCost: item.unitCost });
    result.parked.push(...capture.parked.map((p) => ({ ...p, file: file.name })));
    result.linesRead += capture.linesRead;
    result.rescans += capture.rescans;
    result.blanks += capture.blanks;
  }
  // A file that cannot be read at all stops the run: a partial reconciliation would report its SKUs as not counted.
  if (problems.length > 0) throw new DocumentError(problems);
  result.lines = reconcile({
    location,
    snapshot: here.map((i) => ({ sku: i.sku, name: i.name, system: i.onHand, unitCost: i.unitCost })),
    counts: totals,
    unlisted,
    materiality: input.rules.materiality,
    currency: input.rules.currency,
  });
  return result;
}

/** Reads count files from disk, naming a missing one by the path given. */
export async function readCountPaths(paths: readonly string[]): Promise<{ name: string; bytes: Buffer }[]> {
  return Promise.all(paths.map(async (path) => ({ name: basename(path), bytes: await readDocumentBytes(path) })));
}

/** The CLI contract's JSON: money to cents, `gap_pct` a fraction (null when the system holds 0). */
export function reconcileJson(r: ReconcileFilesResult) {
  return {
    lines: r.lines.map((l) => ({
      sku: l.sku,
      location: r.location,
      counted: l.counted,
      system: l.system,
      gap_units: l.gap?.units ?? null,
      gap_pct: l.gap?.pct ?? null,
      gap_value: l.gap?.value ?? null,
      state: l.state,
      kind: l.kind,
    })),
    parked: r.parked.map((p) => ({ row: p.row, raw: p.raw, reason: p.reason })),
  };
}
