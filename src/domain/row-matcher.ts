import type { IntakeDocument, IntakeTable, ProposedRow } from './intake-document';
import { numbersIn } from './proposal-checks';

// The embedded proposer, with no model: over each table of a forwarded document, find the header row, then match each
// row's item to the stock sheet by SKU, then alias, then name, and read its count and price cells. It proposes only
// what the table plainly says; the same checks as for a model's proposal follow.

interface KnownItem {
  sku: string;
  name: string;
  aliases: string[];
  location?: string;
}

const CODE = /^(sku|code|item ?code|product ?code|barcode|ean|upc|part ?(no|number)|ref)$/;
const NAME = /^(item|product|description|name|item ?name|product ?name)$/;
const QTY = /^(qty|quantity|count|counted|on ?hand|stock|units|in ?stock|shelf)$/;
const COST = /^(cost|price|unit ?cost|unit ?price|each|price ?each|net ?price)$/;
const LOCATION = /^(location|site|store|shop)$/;

const headerKey = (cell: string) =>
  cell
    .toLowerCase()
    .replace(/[^a-z ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

interface Columns {
  code?: number;
  name?: number;
  qty?: number;
  cost?: number;
  location?: number;
}

function columnsOf(row: readonly string[]): Columns | null {
  const cols: Columns = {};
  row.forEach((cell, i) => {
    const key = headerKey(cell);
    if (cols.code === undefined && CODE.test(key)) cols.code = i;
    else if (cols.name === undefined && NAME.test(key)) cols.name = i;
    else if (cols.qty === undefined && QTY.test(key)) cols.qty = i;
    else if (cols.cost === undefined && COST.test(key)) cols.cost = i;
    else if (cols.location === undefined && LOCATION.test(key)) cols.location = i;
  });
  const identifies = cols.code !== undefined || cols.name !== undefined;
  const says = cols.qty !== undefined || cols.cost !== undefined;
  return identifies && says ? cols : null;
}

const words = (text: string) =>
  new Set(
    text
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length > 1),
  );

/** Dice coefficient of the two names' words: 1 for the same words, 0 for none in common. */
function similarity(a: string, b: string): number {
  const [x, y] = [words(a), words(b)];
  if (x.size === 0 || y.size === 0) return 0;
  let common = 0;
  for (const w of x) if (y.has(w)) common++;
  return (2 * common) / (x.size + y.size);
}

/** A name match must be this close, and clearly closer than the next best: a guess between two items is no match. */
const NAME_MATCH = 0.8;
const NAME_MARGIN = 0.15;

function matchItem(cells: readonly string[], cols: Columns, items: readonly KnownItem[]): { sku: string; confidence: number } | null {
  const code = cols.code === undefined ? '' : (cells[cols.code] ?? '').trim().toLowerCase();
  if (code) {
    const bySku = items.find((i) => i.sku.toLowerCase() === code);
    if (bySku) return { sku: bySku.sku, confidence: 1 };
    const byAlias = items.find((i) => i.aliases.some((a) => a.toLowerCase() === code));
    if (byAlias) return { sku: byAlias.sku, confidence: 0.95 };
  }
  const name = cols.name === undefined ? '' : (cells[cols.name] ?? '').trim();
  if (!name) return null;
  const scored = items.map((i) => ({ sku: i.sku, score: similarity(name, i.name) })).sort((a, b) => b.score - a.score);
  const [best, next] = scored;
  if (!best || best.score < NAME_MATCH || (next && best.score - next.score < NAME_MARGIN && next.sku !== best.sku)) return null;
  return { sku: best.sku, confidence: Math.round(best.score * 0.8 * 100) / 100 };
}

/** A cell's one number: "12", "12 ea", "£4.20", "1,200"; null for none or more than one. */
function cellNumber(cell: string | undefined): number | null {
  const found = numbersIn(cell ?? '');
  return found.length === 1 ? found[0]! : null;
}

function fromTable(table: IntakeTable, items: readonly KnownItem[]): ProposedRow[] {
  const headerAt = table.rows.findIndex((r) => columnsOf(r) !== null);
  if (headerAt < 0) return [];
  const cols = columnsOf(table.rows[headerAt]!)!;
  const out: ProposedRow[] = [];
  for (const cells of table.rows.slice(headerAt + 1)) {
    const match = matchItem(cells, cols, items);
    if (!match) continue;
    const qty = cols.qty === undefined ? null : cellNumber(cells[cols.qty]);
    const cost = cols.cost === undefined ? null : cellNumber(cells[cols.cost]);
    if (qty === null && cost === null) continue;
    const location = cols.location === undefined ? '' : (cells[cols.location] ?? '').trim();
    out.push({
      sku: match.sku,
      ...(location ? { location } : {}),
      ...(qty !== null ? { onHand: qty } : {}),
      ...(cost !== null ? { unitCost: cost } : {}),
      confidence: { ...(qty !== null ? { onHand: match.confidence } : {}), ...(cost !== null ? { unitCost: match.confidence } : {}) },
      sourceText: cells.filter((c) => c.trim() !== '').join(' | '),
    });
  }
  return out;
}

/** Rows proposed from every table of the document that has a recognisable header. */
export function matchRows(document: IntakeDocument, items: readonly KnownItem[]): ProposedRow[] {
  return document.tables.flatMap((t) => fromTable(t, items));
}
