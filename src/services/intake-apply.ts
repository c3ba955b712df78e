import type { Deps } from './deps';
import { showIntake } from './intake-decisions';

export type IntakeApplyDeps = Pick<Deps, 'store' | 'documents' | 'chat' | 'queue' | 'clock'>;

/** Tries per row when a till sale moves the item between the read and the write. */
const STALE_RETRIES = 8;

/**
 * An approved proposal's rows into the stock sheet, on the stock poster (the one function that writes quantities):
 * each counted on hand becomes a change against today's quantity with an `inbox` movement, each price a unit_cost set
 * in the sheet, both through the write-back. Exactly once per row, whatever the queue redelivers: each row's key is
 * spent with its change.
 */
export async function applyIntake(deps: IntakeApplyDeps, item: { mailId: string; by: string }): Promise<void> {
  const record = await deps.store.intake.get(item.mailId);
  if (record?.status !== 'approved') return;
  const now = deps.clock();
  const at = now.toISOString();
  for (const row of record.rows) {
    if (row.onHand) {
      await mirrored(deps, row);
      for (let attempt = 1; ; attempt++) {
        const current = await deps.store.inventory.get(row.location, row.sku);
        if (!current)
          throw new Error(`${row.sku} at ${row.location} is not in the inventory; the stock sheet sync has not mirrored it yet`);
        const outcome = await deps.store.inventory.applyOnce(
          {
            item: current,
            key: `inbox#${record.mail_id}#${row.location}#${row.sku}`,
            source: 'inbox',
            by: item.by,
            ref: record.mail_id,
            reason: `mailed in by ${record.from}`,
            at,
            now,
          },
          row.onHand.proposed - current.quantity,
        );
        if (outcome.kind !== 'stale') break;
        if (attempt >= STALE_RETRIES) throw new Error(`${row.sku} at ${row.location} kept changing; the queue will try again`);
      }
    }
    if (row.unitCost) {
      const current = await deps.store.inventory.get(row.location, row.sku);
      await deps.store.inventory.queueCellSet(
        row.location,
        row.sku,
        'set_cost',
        row.unitCost.proposed,
        current?.quantity ?? 0,
        item.by,
        now,
      );
    }
  }
  await deps.store.intake.markApplied(record.mail_id);
  await deps.store.audit.append({
    subject: `MAIL#${record.mail_id}`,
    action: 'intake-applied',
    by: item.by,
    at,
    detail: `${record.rows.length} row(s) from ${record.from} queued for the stock sheet`,
  });
  await showIntake(deps, { ...record, status: 'applied' }, await deps.documents.readRules());
  await deps.queue.enqueue({ kind: 'run-job', job: 'sheet-flush' });
}

/** Local files are read live: an item the app has not mirrored yet is mirrored from the sheet before it changes. */
async function mirrored(deps: IntakeApplyDeps, row: { location: string; sku: string }): Promise<void> {
  if (!deps.documents.readsLive || (await deps.store.inventory.get(row.location, row.sku))) return;
  const item = (await deps.documents.readStockSheet()).find((i) => i.location === row.location && i.sku === row.sku);
  if (item) await deps.store.inventory.syncFromSheet([item], deps.clock());
}

/** Discard's second half, where the raw mail is kept: the mail is moved under `discarded/`, never deleted. */
export async function discardMail(deps: Pick<Deps, 'store' | 'rawMail'>, item: { mailId: string }): Promise<void> {
  const record = await deps.store.intake.get(item.mailId);
  if (record?.status !== 'discarded') return;
  await deps.rawMail.discard(record.raw_key);
}
