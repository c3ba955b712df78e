import type { DocumentSource } from '../adapters/documents';
import type { OnHandChange } from '../config/stock-sheet-write';
import type { Store } from '../store/open-store';

export interface SheetFlushDeps {
  store: Pick<Store, 'inventory' | 'audit'>;
  documents: DocumentSource;
}

export interface SheetFlushResult {
  written: OnHandChange[];
  /** Rows the sheet no longer has (deleted or renamed since): dropped, with an audit row saying what was not written. */
  missing: OnHandChange[];
  /** Still waiting: the sheet cannot be written from here, or the item's row has a bad cell just now. */
  waiting: number;
}

/**
 * The sheet write flush: quantities changed by approved counts go back into the stock sheet, the source of truth.
 * When the sheet still holds what the app last read from it, the new quantity is written; when someone edited the row
 * since, their value is kept and the count's change applied to it. Run after each posted count and on `serve`'s
 * schedule; safe to run at any time (nothing pending, nothing written).
 */
export async function flushSheetWrites(deps: SheetFlushDeps, now: Date): Promise<SheetFlushResult> {
  const pending = await deps.store.inventory.pendingSheetWrites();
  if (pending.length === 0) return { written: [], missing: [], waiting: 0 };
  if (!deps.documents.writeOnHand) return { written: [], missing: [], waiting: pending.length };

  const [report, rows] = await Promise.all([
    deps.documents.readStockSheetReport(),
    Promise.all(pending.map((w) => deps.store.inventory.get(w.location, w.sku))),
  ]);
  const inSheet = new Map(report.items.map((i) => [`${i.location.toLowerCase()}#${i.sku.toLowerCase()}`, i.onHand]));
  // A row the sheet has but that was skipped for a bad cell is not "gone": someone is editing it. Its write waits
  // until the row reads again, so their edit is neither overwritten nor taken for a deleted item.
  const held = pending.filter((w) => report.skipped.length > 0 && !inSheet.has(`${w.location.toLowerCase()}#${w.sku.toLowerCase()}`));
  const ready = pending.filter((w) => !held.includes(w));
  if (ready.length === 0) return { written: [], missing: [], waiting: held.length };
  const plan = ready.map((w) => {
    const i = pending.indexOf(w);
    const sheet = inSheet.get(`${w.location.toLowerCase()}#${w.sku.toLowerCase()}`);
    const untouched = sheet !== undefined && sheet === rows[i]?.sheet_on_hand;
    return {
      write: w,
      untouched,
      change: { location: w.location, sku: w.sku, onHand: untouched || sheet === undefined ? w.on_hand : sheet + w.delta },
    };
  });
  const result = await deps.documents.writeOnHand(plan.map((p) => p.change));
  const key = (c: OnHandChange) => `${c.location.toLowerCase()}#${c.sku.toLowerCase()}`;
  const written = new Set(result.written.map(key));
  const missing = new Set(result.missing.map(key));
  const at = now.toISOString();
  for (const p of plan) {
    const k = key(p.change);
    if (written.has(k)) await deps.store.inventory.sheetWritten(p.write, p.untouched ? p.change.onHand : null);
    if (missing.has(k)) {
      await deps.store.inventory.sheetWritten(p.write, null);
      await deps.store.audit.append({
        subject: `${p.write.location}#${p.write.sku}`,
        action: 'sheet-write-missing',
        by: 'stockbot',
        at,
        detail: `the stock sheet no longer has ${p.write.sku} at ${p.write.location}, so on_hand ${p.write.on_hand} (${p.write.reason}) was not written back`,
      });
    }
  }
  if (result.written.length > 0) {
    await deps.store.audit.append({ subject: 'SHEET', action: 'sheet-written', by: 'stockbot', at, after: result.written });
  }
  return { written: result.written, missing: result.missing, waiting: held.length };
}
