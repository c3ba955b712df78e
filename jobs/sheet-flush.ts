import type { Deps } from '../src/services/deps';
import { flushSheetWrites } from '../src/services/sheet-writes';
import type { JobResult } from './job';

/**
 * Writes approved counts and receipts back into the stock sheet, the source of truth. Also run right after each
 * decision; safe at any time (nothing pending, nothing written).
 */
export async function sheetFlushJob(deps: Pick<Deps, 'store' | 'documents' | 'originals' | 'chat'>, now: Date): Promise<JobResult> {
  const result = await flushSheetWrites(deps, now);
  const parts = [
    `${result.written.length} on-hand value${result.written.length === 1 ? '' : 's'} written to the stock sheet`,
    ...(result.finished > 0 ? [`${result.finished} interrupted write${result.finished === 1 ? '' : 's'} finished`] : []),
    ...(result.parked.length > 0 ? [`${result.parked.length} waiting for a row the sheet no longer has (the owner is told)`] : []),
    ...(result.waiting > 0
      ? [`${result.waiting} waiting (the sheet cannot be written from here just now, or the row has a bad cell)`]
      : []),
  ];
  return {
    summary: `Sheet write-back: ${parts.join('; ')}.`,
    ...(result.written.length + result.parked.length + result.waiting + result.finished === 0 ? { idle: true } : {}),
  };
}
