import { parkedWritesNotice } from '../../views/sheet-notices';
import type { OnHandChange, SalesRateChange, StockSheetChange, UnitCostChange } from '../config/stock-sheet-write';
import type { PendingSheetWrite, SetCell } from '../store/inventory';
import type { Deps } from './deps';

export type SheetFlushDeps = Pick<Deps, 'store' | 'documents' | 'originals' | 'chat'>;

export interface SheetFlushResult {
  written: OnHandChange[];
  /** Daily sales rates and unit costs the owner chose, now in the sheet. */
  set: (SalesRateChange | UnitCostChange)[];
  /** Changes whose row the sheet no longer has: kept, marked parked and reported (the owner is told once per row). */
  parked: OnHandChange[];
  /** Still waiting: the sheet cannot be reached from here, the item's row has a bad cell just now, or another write-back is running. */
  waiting: number;
  /** Write-backs a previous run left half-done, finished now (the cell held their new value already). */
  finished: number;
}

/** How long one write-back may hold the sheet: a run that dies lets go by itself after this. */
export const SHEET_LEASE_MS = 5 * 60_000;
/** How long a run waits for another to finish before leaving its work to the next run. */
export const LEASE_WAIT_MS = 30_000;
/** Cells per Sheets request: well inside Sheets' request size, and few requests a minute against its quota. */
export const CELLS_PER_WRITE = 1000;

const keyOf = (location: string, sku: string) => `${location.toLowerCase()}#${sku.toLowerCase()}`;

/**
 * The write-back: changes approved since the sheet was last told (counts, receipts, sales) go into the stock sheet,
 * the source of truth. Each item's pending delta is added to the cell's current value, so an edit made in the sheet
 * meanwhile is kept; rows are located by location and SKU in a fresh read each time (staff insert and sort rows).
 *
 * Exactly once: before writing, each row records what it is about to do (`inflight`: from, to); after the sheet
 * answers, exactly the applied delta comes off. A run that dies between the two is finished by the next, which reads
 * the cell: at `to` the write landed and only the bookkeeping is done; at `from` it did not and is made again; at any
 * other value someone edited the cell since, and the write is taken as landed (never applied twice) and audited.
 * Safe at any time and from anywhere: runs hold a lease, so two never overlap.
 */
export async function flushSheetWrites(deps: SheetFlushDeps, now: Date): Promise<SheetFlushResult> {
  const idle: SheetFlushResult = { written: [], set: [], parked: [], waiting: 0, finished: 0 };
  const pending = await deps.store.inventory.pendingSheetWrites();
  if (pending.length === 0) return idle;
  if (!deps.originals) return { ...idle, waiting: pending.length };
  const lane = deps.store.sheetLane;
  const holder = `flush-${now.getTime()}-${Math.random().toString(36).slice(2, 8)}`;
  // A write-back already running takes this one's changes too: it is asked for another pass, so a burst of
  // decisions (or of till sales) makes a few passes rather than one run each waiting its turn.
  if (!(await lane.takeLease('sheet', holder, now, SHEET_LEASE_MS))) {
    await lane.askAgain('sheet');
    // The holder may have let go between the two: then this run makes the pass itself.
    if (!(await lane.takeLease('sheet', holder, now, SHEET_LEASE_MS))) return { ...idle, waiting: pending.length };
  }
  const result: SheetFlushResult = { ...idle, written: [], set: [], parked: [] };
  for (;;) {
    try {
      do {
        await lane.clearAgain('sheet');
        const pass = await flushUnderLease(deps, await deps.store.inventory.pendingSheetWrites(), now);
        result.written.push(...pass.written);
        result.set.push(...pass.set);
        result.parked.push(...pass.parked);
        result.finished += pass.finished;
        result.waiting = pass.waiting;
      } while (await lane.askedAgain('sheet'));
    } finally {
      await lane.releaseLease('sheet', holder);
    }
    // Asked again between the last look and letting go: take the sheet back for one more pass, unless another
    // write-back already has.
    if (!(await lane.askedAgain('sheet')) || !(await lane.takeLease('sheet', holder, now, SHEET_LEASE_MS))) return result;
  }
}

async function flushUnderLease(deps: SheetFlushDeps, pending: PendingSheetWrite[], now: Date): Promise<SheetFlushResult> {
  const at = now.toISOString();
  const sheet = await deps.originals!.openStockSheet();
  const cells = new Map(sheet.report.items.map((i) => [keyOf(i.location, i.sku), i.onHand]));
  const result: SheetFlushResult = { written: [], set: [], parked: [], waiting: 0, finished: 0 };
  const toPark: PendingSheetWrite[] = [];
  const plan: { write: PendingSheetWrite; change: OnHandChange }[] = [];
  const sets: PendingSheetWrite[] = [];
  const hasSet = (w: PendingSheetWrite) => SET_CELLS.some((cell) => w[cell] !== undefined);

  for (const w of pending) {
    const cell = cells.get(keyOf(w.location, w.sku));
    if (cell === undefined) {
      // A row skipped for a bad cell is being edited, not gone: its write waits until the row reads again, so the
      // edit is neither overwritten nor taken for a deleted item.
      if (sheet.report.skipped.length > 0) {
        result.waiting += 1;
        continue;
      }
      if (hasSet(w)) await dropSets(deps, w, at, `the stock sheet has no row for ${w.sku} at ${w.location}`);
      if (!hasSet(w) || w.delta !== 0 || w.inflight) toPark.push(w);
      continue;
    }
    if (hasSet(w)) sets.push(w);
    if (w.delta === 0 && !w.inflight) {
      if (!hasSet(w)) await deps.store.inventory.dropSettledWrite(w);
      continue;
    }
    let write = w;
    if (w.inflight) {
      if (cell !== w.inflight.from) {
        // Landed (the cell holds `to`), or edited since (anything else): finished either way, never applied twice.
        await deps.store.inventory.finishSheetWrite(w);
        result.finished += 1;
        if (cell !== w.inflight.to) {
          await deps.store.audit.append({
            subject: `${w.location}#${w.sku}`,
            action: 'sheet-write-uncertain',
            by: 'stockbot',
            at,
            detail: `a write-back of ${signed(w.inflight.applied)} (${w.inflight.from} → ${w.inflight.to}) was interrupted and the cell has been edited since (now ${cell}); it was taken as written`,
          });
        }
        const rest = w.delta - w.inflight.applied;
        if (rest === 0) continue;
        // Changes queued while it ran are applied on top of today's cell.
        const { inflight: _done, ...after } = w;
        write = { ...after, delta: rest };
      } else {
        await deps.store.inventory.abandonSheetWrite(w);
        const { inflight: _undone, ...after } = w;
        write = after;
      }
    }
    if (write.delta === 0) {
      await deps.store.inventory.dropSettledWrite(write);
      continue;
    }
    const inflight = { applied: write.delta, from: cell, to: cell + write.delta, at };
    if (!(await deps.store.inventory.startSheetWrite(write, inflight))) {
      result.waiting += 1;
      continue;
    }
    plan.push({ write: { ...write, inflight }, change: { location: write.location, sku: write.sku, onHand: inflight.to } });
  }

  for (let i = 0; i < plan.length; i += CELLS_PER_WRITE) {
    const batch = plan.slice(i, i + CELLS_PER_WRITE);
    // A failure here leaves this batch in flight: the next run reads the cells and finishes or redoes each one.
    const outcome = await sheet.writeOnHand(batch.map((p) => p.change));
    const written = new Set(outcome.written.map((c) => keyOf(c.location, c.sku)));
    for (const p of batch) {
      if (written.has(keyOf(p.write.location, p.write.sku))) {
        await deps.store.inventory.finishSheetWrite(p.write);
        result.written.push(p.change);
      } else {
        await deps.store.inventory.abandonSheetWrite(p.write);
        toPark.push(p.write);
      }
    }
  }
  for (let i = 0; i < sets.length; i += CELLS_PER_WRITE) {
    const batch = sets.slice(i, i + CELLS_PER_WRITE);
    const changes = batch.flatMap((w) => SET_CELLS.flatMap((cell) => (w[cell] ? [cellChange(w, cell, w[cell].value)] : [])));
    const outcome = await sheet.writeOnHand(changes);
    const writeOf = (c: StockSheetChange) => batch.find((w) => keyOf(w.location, w.sku) === keyOf(c.location, c.sku))!;
    for (const change of outcome.written) {
      await deps.store.inventory.finishCellSet(writeOf(change), 'dailySalesRate' in change ? 'set_rate' : 'set_cost');
      result.set.push(change);
    }
    // The row is there (checked above), so a value not written is one for a column the sheet does not have.
    for (const change of outcome.missing) {
      const column = 'dailySalesRate' in change ? 'daily_sales_rate' : 'unit_cost';
      await dropSets(deps, writeOf(change), at, `the stock sheet has no ${column} column`, [
        'dailySalesRate' in change ? 'set_rate' : 'set_cost',
      ]);
    }
  }
  if (result.written.length > 0 || result.set.length > 0) {
    await deps.store.audit.append({
      subject: 'SHEET',
      action: 'sheet-written',
      by: 'stockbot',
      at,
      after: [...result.written, ...result.set],
    });
  }
  await parkMissing(deps, toPark, at, result);
  return result;
}

/** Changes whose row is gone stay pending (never dropped), audited, and the owner hears of each row once. */
async function parkMissing(deps: SheetFlushDeps, writes: PendingSheetWrite[], at: string, result: SheetFlushResult) {
  const newlyParked: PendingSheetWrite[] = [];
  for (const w of writes) {
    result.parked.push({ location: w.location, sku: w.sku, onHand: w.on_hand });
    if (!(await deps.store.inventory.parkSheetWrite(w, at))) continue;
    newlyParked.push(w);
    await deps.store.audit.append({
      subject: `${w.location}#${w.sku}`,
      action: 'sheet-write-parked',
      by: 'stockbot',
      at,
      detail: `the stock sheet has no row for ${w.sku} at ${w.location}, so ${signed(w.delta)} (${w.reason}) waits until the row is back`,
    });
  }
  if (newlyParked.length === 0) return;
  const rules = await deps.documents.readRules().catch(() => null);
  if (rules?.owner) await deps.chat.dm(rules.owner, parkedWritesNotice(newlyParked, deps.documents.describe().stockSheet));
}

/** The cells set as values, and the column each goes to. */
const SET_CELLS: readonly SetCell[] = ['set_rate', 'set_cost'];
const cellChange = (w: PendingSheetWrite, cell: SetCell, value: number): SalesRateChange | UnitCostChange =>
  cell === 'set_rate' ? { location: w.location, sku: w.sku, dailySalesRate: value } : { location: w.location, sku: w.sku, unitCost: value };

/** A rate or cost that cannot be written (its row or its column is gone) means nothing: it is dropped, and audited. */
async function dropSets(deps: SheetFlushDeps, w: PendingSheetWrite, at: string, why: string, cells = SET_CELLS): Promise<void> {
  for (const cell of cells) {
    const set = w[cell];
    if (!set) continue;
    await deps.store.inventory.finishCellSet(w, cell);
    await deps.store.audit.append({
      subject: `${w.location}#${w.sku}`,
      action: 'sheet-set-dropped',
      by: 'stockbot',
      at,
      detail: `${why}, so the ${cell === 'set_rate' ? 'daily sales rate' : 'unit cost'} ${set.value} chosen by ${set.by} was not written`,
    });
  }
}

const signed = (n: number) => (n >= 0 ? `+${n}` : `${n}`);
