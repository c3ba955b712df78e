import type { Deps } from '../src/services/deps';
import { flushSheetWrites } from '../src/services/sheet-writes';
import type { JobResult } from './job';

/**
 * Writes quantities changed by approved counts back into the stock sheet, the source of truth. Also run right after
 * each posted count; safe at any time (nothing pending, nothing written).
 */
export async function sheetFlushJob(deps: Pick<Deps, 'store' | 'documents'>, now: Date): Promise<JobResult> {
  const result = await flushSheetWrites(deps, now);
  const parts = [
    `${result.written.length} on-hand value${result.written.length === 1 ? '' : 's'} written to the stock sheet`,
    ...(result.missing.length > 0 ? [`${result.missing.length} for rows the sheet no longer has (audited)`] : []),
    ...(result.waiting > 0 ? [`${result.waiting} waiting (the sheet cannot be written from here, or the row has a bad cell)`] : []),
  ];
  return {
    summary: `Sheet write-back: ${parts.join('; ')}.`,
    ...(result.written.length + result.missing.length + result.waiting === 0 ? { idle: true } : {}),
  };
}
