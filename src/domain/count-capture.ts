import type { CountFile, CountRow } from './count-rows';
import { clean } from './numbers';
import type { StockItem } from './types';

// Capture: a count file's rows become clean counted quantities per SKU, in eaches, at the session's
// location. Nothing here is guessed: a row that cannot be resolved is parked with its reason, never dropped and never
// turned into a zero. Pure: the stock sheet's items come in, counts and parked lines go out.

/** A row capture could not resolve: kept with its reason for a person to fix. */
export interface ParkedLine {
  row: number;
  /** The row as typed. */
  raw: string;
  /** The cells a fix starts from: the code as typed ('' when blank), the quantity (null: one scan) and the unit. */
  code: string;
  qty: string | null;
  unit: string;
  reason: string;
}

export interface Capture {
  /** Non-blank data rows read. */
  linesRead: number;
  /** Eaches counted per SKU (the stock sheet's spelling of the SKU), summed over rows. */
  counts: Map<string, number>;
  /** The rows behind each SKU's count, in file order: where to point a person, and quoted to the likely-cause model as data. */
  rows: Map<string, { row: number; raw: string }[]>;
  /** Counted SKUs the stock sheet holds only at other locations: counted here, not in the system here. */
  elsewhere: Map<string, StockItem>;
  parked: ParkedLine[];
  /** Rows read as a re-scan of the row before (same code, same quantity) and counted once. */
  rescans: number;
  /** Rows with a blank quantity in a count sheet: not counted (a counted zero is typed as 0). */
  blanks: number;
}

const EACH_UNITS = new Set([
  '',
  'each',
  'eaches',
  'ea',
  'unit',
  'units',
  'single',
  'singles',
  'item',
  'items',
  'pc',
  'pcs',
  'piece',
  'pieces',
]);
const PACK_UNITS = new Set(['case', 'cases', 'cs', 'box', 'boxes', 'bx', 'pack', 'packs', 'pk', 'carton', 'cartons', 'ctn']);

// Quantities are typed by people: "1,200" is twelve hundred, but "4,5" is a European decimal comma and reading it as
// 45 would post a gap ten times too big, so a comma must group exactly three digits.
const QUANTITY = /^\+?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$|^\+?\.\d+$/;

/** A quantity as typed, or why it is not one. */
export function readQuantity(text: string): { qty: number } | { problem: string } {
  const t = text.trim();
  if (/^-\s*\d/.test(t) || /^\(\d/.test(t)) return { problem: `quantity "${text}" is negative; a count is 0 or more` };
  if (!QUANTITY.test(t)) return { problem: `quantity "${text}" is not a number` };
  const qty = Number(t.replace(/[,+]/g, ''));
  return Number.isFinite(qty) ? { qty } : { problem: `quantity "${text}" is not a number` };
}

/** Where each code points: SKUs first, then aliases (barcodes, supplier codes), all case-insensitive. */
interface CodeBook {
  here: Map<string, StockItem>;
  hereAliases: Map<string, StockItem[]>;
  elsewhere: Map<string, StockItem>;
  elsewhereAliases: Map<string, StockItem[]>;
}

const key = (code: string) => code.trim().toLowerCase();

function addAlias(map: Map<string, StockItem[]>, alias: string, item: StockItem): void {
  const list = map.get(key(alias)) ?? [];
  // The same SKU kept at two locations shares its barcode; that is one item, not an ambiguity.
  if (!list.some((i) => i.sku.toLowerCase() === item.sku.toLowerCase())) list.push(item);
  map.set(key(alias), list);
}

export function codeBook(items: readonly StockItem[], location: string): CodeBook {
  const book: CodeBook = { here: new Map(), hereAliases: new Map(), elsewhere: new Map(), elsewhereAliases: new Map() };
  const loc = location.toLowerCase();
  for (const item of items) {
    const isHere = item.location.toLowerCase() === loc;
    if (isHere) book.here.set(key(item.sku), item);
    else if (!book.elsewhere.has(key(item.sku))) book.elsewhere.set(key(item.sku), item);
    for (const alias of item.aliases) addAlias(isHere ? book.hereAliases : book.elsewhereAliases, alias, item);
  }
  return book;
}

type Resolved = { item: StockItem; here: boolean } | { problem: string };

/** A code → the SKU it names: a SKU at this location, an alias here, a SKU elsewhere, an alias elsewhere. */
export function resolveCode(book: CodeBook, code: string, location: string): Resolved {
  const k = key(code);
  const sku = book.here.get(k);
  if (sku) return { item: sku, here: true };
  const pick = (list: StockItem[] | undefined, here: boolean): Resolved | null => {
    if (!list || list.length === 0) return null;
    if (list.length > 1)
      return {
        problem: `code "${code}" is an alias of more than one SKU (${list.map((i) => i.sku).join(', ')}); fix the aliases in the stock sheet`,
      };
    return { item: list[0]!, here };
  };
  const alias = pick(book.hereAliases.get(k), true);
  if (alias) return alias;
  const other = book.elsewhere.get(k);
  if (other) return { item: other, here: false };
  return (
    pick(book.elsewhereAliases.get(k), false) ?? {
      problem: `code "${code}" is not a SKU, barcode or supplier code in the stock sheet (at ${location} or anywhere else)`,
    }
  );
}

/** A count's scope: the whole location (null or empty), or some categories, compared case-insensitively. */
export const inCategories = (item: Pick<StockItem, 'category'>, scope: readonly string[] | null): boolean =>
  !scope || scope.length === 0 || (item.category !== null && scope.some((c) => c.toLowerCase() === item.category!.toLowerCase()));

/** How many eaches one of `unit` holds for this item, or why it cannot be told. */
export function eachesPer(unit: string, item: StockItem): { factor: number } | { problem: string } {
  const u = unit.trim().toLowerCase().replace(/\.$/, '');
  if (EACH_UNITS.has(u)) return { factor: 1 };
  if (PACK_UNITS.has(u)) {
    if (item.packSize === null)
      return { problem: `counted in ${u} but the stock sheet has no pack_size for ${item.sku}, so it cannot be turned into eaches` };
    return { factor: item.packSize };
  }
  return { problem: `unit "${unit}" is not each, case, box or pack` };
}

/**
 * Captures one count file for a session at `location`:
 * - each row's code is mapped to a SKU (by SKU, then alias; case-insensitive);
 * - cases, boxes and packs become eaches by the item's pack size;
 * - rows for the same SKU are summed (several bins), and a scanner without a quantity column counts 1 per row;
 * - in a scanner export with quantities, an exact repeat of the row before (same code, same quantity) is a re-scan
 *   of one label and counts once;
 * - a blank quantity in a count sheet means "not counted" (a real zero is typed as 0), so the row is dropped;
 * - anything else that cannot be resolved is parked with its reason.
 */
export function captureCounts(
  file: CountFile,
  location: string,
  items: readonly StockItem[],
  scope: readonly string[] | null = null,
): Capture {
  const book = codeBook(items, location);
  const inScope = (item: StockItem) => inCategories(item, scope);
  const capture: Capture = { linesRead: 0, counts: new Map(), rows: new Map(), elsewhere: new Map(), parked: [], rescans: 0, blanks: 0 };
  const park = (row: CountRow, reason: string) =>
    capture.parked.push({ row: row.row, raw: row.raw, code: row.code, qty: row.qty, unit: row.unit, reason });
  let previous: CountRow | null = null;

  for (const row of file.rows) {
    capture.linesRead += 1;
    const before = previous;
    previous = row;
    if (row.code === '') {
      // A sheet row with nothing counted and no SKU is noise (a note, a stray cell); with a quantity it is a real count of something.
      if (file.kind === 'sheet' && (row.qty ?? '') === '') continue;
      park(row, 'no SKU or barcode in the row');
      continue;
    }
    if (file.kind === 'scanner' && file.hasQuantity && before && key(before.code) === key(row.code) && before.qty === row.qty) {
      capture.rescans += 1;
      continue;
    }
    if (row.qty === '') {
      if (file.kind === 'sheet') {
        capture.blanks += 1;
        continue;
      }
      park(row, 'the quantity is blank; type the quantity counted (0 for none)');
      continue;
    }
    if (row.location !== '' && row.location.toLowerCase() !== location.toLowerCase()) {
      park(row, `the row is for ${row.location}, but this count is for ${location}; count it in ${row.location}'s session`);
      continue;
    }
    const resolved = resolveCode(book, row.code, location);
    if ('problem' in resolved) {
      park(row, resolved.problem);
      continue;
    }
    if (resolved.here && !inScope(resolved.item)) {
      // Partial counts stay honest: an item outside this session's categories is not silently added.
      park(
        row,
        `${resolved.item.sku} (${resolved.item.category ?? 'no category'}) is not in this count's categories (${scope!.join(', ')})`,
      );
      continue;
    }
    let qty = 1;
    if (row.qty !== null) {
      const read = readQuantity(row.qty);
      if ('problem' in read) {
        park(row, read.problem);
        continue;
      }
      qty = read.qty;
    }
    const per = eachesPer(row.unit, resolved.item);
    if ('problem' in per) {
      park(row, per.problem);
      continue;
    }
    const sku = resolved.item.sku;
    if (!resolved.here) capture.elsewhere.set(sku, resolved.item);
    capture.counts.set(sku, clean((capture.counts.get(sku) ?? 0) + qty * per.factor));
    const behind = capture.rows.get(sku) ?? [];
    behind.push({ row: row.row, raw: row.raw });
    capture.rows.set(sku, behind);
  }
  return capture;
}
