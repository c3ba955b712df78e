import ExcelJS from 'exceljs';
import { MAX_AMOUNT, MAX_DAILY_RATE, MAX_DAYS, MAX_PACK_SIZE, MAX_PERCENT, MAX_QUANTITY, MAX_UNIT_COST } from '../../../src/config/bounds';
import { readCountFile } from '../../../src/config/count-file';
import { parseRulesDoc } from '../../../src/config/rules-doc';
import { parseStockSheetCsv, parseStockSheetXlsx, STOCK_SHEET_COLUMNS } from '../../../src/config/stock-sheet';
import { parseSupplierDoc } from '../../../src/config/supplier-doc';
import { problemsOf, problemsOfAsync } from './problems';

// Every number a document carries has a largest value (src/config/bounds.ts). One value past it (a barcode in a
// quantity, "1e300", a figure above 2^53) is refused naming the file, the row or line and the field, instead of being
// read and failing later, far from the document, with an error that names none of them.

const HEADER = STOCK_SHEET_COLUMNS.join(',');
/** A stock sheet row with every column filled; `cells` replaces some by column name. */
function stockRow(cells: Partial<Record<(typeof STOCK_SHEET_COLUMNS)[number], string>>): string {
  const base: Record<string, string> = {
    sku: 'SKU-1',
    name: 'An item',
    location: 'main',
    supplier: 'Acme',
    category: 'misc',
    on_hand: '10',
    daily_sales_rate: '2',
    lead_time_days: '5',
    safety_buffer: '4',
    pack_size: '6',
    unit_cost: '1.50',
    point_override: '',
    target_level: '',
    aliases: '',
  };
  return STOCK_SHEET_COLUMNS.map((c) => {
    const value = cells[c] ?? base[c] ?? '';
    return value.includes(',') ? `"${value}"` : value;
  }).join(',');
}
const sheetProblems = (...rows: string[]) => problemsOf(() => parseStockSheetCsv(`${[HEADER, ...rows].join('\n')}\n`, 'stock.csv'));

describe('the bounds', () => {
  it('are named once, and keep the largest draft the check can make a whole number below 2^53', () => {
    expect({ MAX_QUANTITY, MAX_PACK_SIZE, MAX_DAILY_RATE, MAX_DAYS, MAX_UNIT_COST, MAX_AMOUNT, MAX_PERCENT }).toEqual({
      MAX_QUANTITY: 1e9,
      MAX_PACK_SIZE: 1e6,
      MAX_DAILY_RATE: 1e6,
      MAX_DAYS: 3650,
      MAX_UNIT_COST: 1e6,
      MAX_AMOUNT: 1e9,
      MAX_PERCENT: 1000,
    });
    // rate × lead time + buffer = the reorder point; + rate × days of cover = the target; rounded up to a pack.
    const biggestOrder = MAX_DAILY_RATE * MAX_DAYS + MAX_QUANTITY + MAX_DAILY_RATE * MAX_DAYS + MAX_PACK_SIZE;
    expect(biggestOrder * MAX_UNIT_COST).toBeLessThan(Number.MAX_SAFE_INTEGER);
  });
});

describe('stock sheet numbers past their bounds', () => {
  it('names the row, the column and the bound for each, and reads "1e400" as too big, not as "not a number"', () => {
    expect(
      sheetProblems(
        stockRow({ sku: 'A', on_hand: '1e300' }),
        stockRow({ sku: 'B', on_hand: '99999999999999999999' }),
        stockRow({ sku: 'C', on_hand: '9007199254740993' }),
        stockRow({ sku: 'D', on_hand: '1e400' }),
        stockRow({ sku: 'E', daily_sales_rate: '1,000,001' }),
        stockRow({ sku: 'F', lead_time_days: '3651' }),
        stockRow({ sku: 'G', safety_buffer: '2e9', point_override: '1000000001', target_level: '5e9' }),
        stockRow({ sku: 'H', pack_size: '1000001', unit_cost: '£2,000,000' }),
      ),
    ).toEqual([
      'stock.csv row 2, column "on_hand": expected a number ≤ 1,000,000,000, got "1e300"',
      'stock.csv row 3, column "on_hand": expected a number ≤ 1,000,000,000, got "99999999999999999999"',
      'stock.csv row 4, column "on_hand": expected a number ≤ 1,000,000,000, got "9007199254740993"',
      'stock.csv row 5, column "on_hand": expected a number ≤ 1,000,000,000, got "1e400"',
      'stock.csv row 6, column "daily_sales_rate": expected a number ≤ 1,000,000, got "1,000,001"',
      'stock.csv row 7, column "lead_time_days": expected a number ≤ 3,650, got "3651"',
      'stock.csv row 8, column "safety_buffer": expected a number ≤ 1,000,000,000, got "2e9"',
      'stock.csv row 8, column "point_override": expected a number ≤ 1,000,000,000, got "1000000001"',
      'stock.csv row 8, column "target_level": expected a number ≤ 1,000,000,000, got "5e9"',
      'stock.csv row 9, column "pack_size": expected a whole number ≤ 1,000,000, got "1000001"',
      'stock.csv row 9, column "unit_cost": expected an amount ≤ 1,000,000, got "£2,000,000"',
    ]);
  });

  it('Infinity and negatives are still not numbers ≥ 0', () => {
    expect(sheetProblems(stockRow({ on_hand: 'Infinity', daily_sales_rate: '-1e300' }))).toEqual([
      'stock.csv row 2, column "on_hand": expected a number ≥ 0, got "Infinity"',
      'stock.csv row 2, column "daily_sales_rate": expected a number ≥ 0, got "-1e300"',
    ]);
  });

  it('every bound itself is allowed', () => {
    const [item] = parseStockSheetCsv(
      `${HEADER}\n${stockRow({
        on_hand: '1,000,000,000',
        daily_sales_rate: '1000000',
        lead_time_days: '3650',
        safety_buffer: '1000000000',
        pack_size: '1000000',
        unit_cost: '£1,000,000',
        point_override: '1e9',
        target_level: '1000000000',
      })}\n`,
      'stock.csv',
    );
    expect(item).toMatchObject({
      onHand: 1e9,
      dailySalesRate: 1e6,
      leadTimeDays: 3650,
      safetyBuffer: 1e9,
      packSize: 1e6,
      unitCost: 1e6,
      pointOverride: 1e9,
      targetLevel: 1e9,
    });
  });

  it('an XLSX number cell past its bound is named as the cell shows it', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Stock');
    sheet.addRow(['sku', 'name', 'on_hand', 'daily_sales_rate', 'lead_time_days']);
    sheet.addRow(['A', 'a', 1e300, 1, 1]);
    sheet.addRow(['B', 'b', 1e20, 1, 1]);
    const data = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(await problemsOfAsync(() => parseStockSheetXlsx(data, 'stock.xlsx'))).toEqual([
      'stock.xlsx row 2, column "on_hand": expected a number ≤ 1,000,000,000, got "1e+300"',
      'stock.xlsx row 3, column "on_hand": expected a number ≤ 1,000,000,000, got "100000000000000000000"',
    ]);
  });
});

describe('rules doc numbers past their bounds', () => {
  it('names the line and the key for each', () => {
    const doc = [
      'days of cover: 99999',
      'order cap: 99999999999999999999',
      'default safety buffer: 1,000,000,001',
      'skip cooldown days: 3651',
      'category buffer: cleaning = 2000000000',
      'count reminder days: 10000',
      'aged variance days: 4000',
      'draft expiry days: 5000',
      'watch margin: 5000%',
    ].join('\n');
    expect(problemsOf(() => parseRulesDoc(doc, 'rules.txt'))).toEqual([
      'rules.txt line 1: "days of cover": expected a number ≤ 3,650, got "99999"',
      'rules.txt line 2: "order cap": expected a number ≤ 1,000,000,000, or "none", got "99999999999999999999"',
      'rules.txt line 3: "default safety buffer": expected a number ≤ 1,000,000,000, got "1,000,000,001"',
      'rules.txt line 4: "skip cooldown days": expected a number ≤ 3,650, got "3651"',
      'rules.txt line 5: "category buffer" for "cleaning": expected a number ≤ 1,000,000,000, got "2000000000"',
      'rules.txt line 6: "count reminder days": expected a number ≤ 3,650, got "10000"',
      'rules.txt line 7: "aged variance days": expected a number ≤ 3,650, got "4000"',
      'rules.txt line 8: "draft expiry days": expected a number ≤ 3,650, got "5000"',
      'rules.txt line 9: "watch margin": expected a percentage ≤ 1,000%, got "5000%"',
    ]);
  });

  it('a materiality whose units, percent or amount is past its bound', () => {
    const doc = ['materiality: 99999999999 units and 1%, or 20', 'materiality: 2 units and 2000%, or 20'].join('\n');
    expect(problemsOf(() => parseRulesDoc(doc, 'rules.txt'))).toEqual([
      'rules.txt line 1: "materiality": expected units ≤ 1,000,000,000 in a tolerance like "2 units and 1%, or 20", got "99999999999 ' +
        'units and 1%, or 20"',
      'rules.txt line 2: "materiality" is already set on line 1; keep one of them',
    ]);
    expect(problemsOf(() => parseRulesDoc('materiality: 2 units and 2000%, or 20', 'rules.txt'))).toEqual([
      'rules.txt line 1: "materiality": expected a percentage ≤ 1,000% in a tolerance like "2 units and 1%, or 20", got "2 units and ' +
        '2000%, or 20"',
    ]);
    expect(problemsOf(() => parseRulesDoc('materiality: 2 units and 1%, or £99,999,999,999', 'rules.txt'))).toEqual([
      'rules.txt line 1: "materiality": expected an amount ≤ 1,000,000,000 in a tolerance like "2 units and 1%, or 20", got "2 units ' +
        'and 1%, or £99,999,999,999"',
    ]);
  });

  it('every bound itself is allowed', () => {
    const rules = parseRulesDoc(
      [
        'days of cover: 3650',
        'order cap: 1,000,000,000',
        'default safety buffer: 1000000000',
        'watch margin: 1000%',
        'materiality: 1000000000 units and 1000%, or 1,000,000,000',
        'draft expiry days: 3650',
      ].join('\n'),
      'rules.txt',
    );
    expect(rules).toMatchObject({
      daysOfCover: 3650,
      orderCap: 1e9,
      defaultSafetyBuffer: 1e9,
      watchMargin: 10,
      materiality: { units: 1e9, percent: 10, value: 1e9 },
      draftExpiryDays: 3650,
    });
  });
});

describe('supplier doc numbers past their bounds', () => {
  it('names the line, the key and the supplier for each; the bounds themselves are allowed', () => {
    const doc = ['## Acme', 'pack size: 2,000,000', 'minimum order: 99999999999999999999', 'lead time days: 4000'].join('\n');
    expect(problemsOf(() => parseSupplierDoc(doc, 'suppliers.txt'))).toEqual([
      'suppliers.txt line 2: "pack size" for "Acme": expected a whole number ≤ 1,000,000, got "2,000,000"',
      'suppliers.txt line 3: "minimum order" for "Acme": expected a number ≤ 1,000,000,000, got "99999999999999999999"',
      'suppliers.txt line 4: "lead time days" for "Acme": expected a number ≤ 3,650, got "4000"',
    ]);
    const book = parseSupplierDoc(
      ['## Acme', 'pack size: 1000000', 'minimum order: 1,000,000,000', 'lead time days: 3650'].join('\n'),
      's.txt',
    );
    expect(book.acme).toMatchObject({ packSize: 1e6, minimumOrder: 1e9, leadTimeDays: 3650 });
  });
});

describe('count file quantities past their bound', () => {
  const csv = (...lines: string[]) => Buffer.from(`${lines.join('\n')}\n`);

  it('refuses the file naming every row and the quantity column as written, CSV or XLSX', async () => {
    const scan = csv('Barcode,Qty', '5012345678900,3', '5012345678917,5012345678917', '5012345678924,"99,999,999,999"', 'X,1e300');
    expect(await problemsOfAsync(() => readCountFile('scan.csv', scan))).toEqual([
      'scan.csv row 3, column "Qty": expected a quantity ≤ 1,000,000,000, got "5012345678917"',
      'scan.csv row 4, column "Qty": expected a quantity ≤ 1,000,000,000, got "99,999,999,999"',
      'scan.csv row 5, column "Qty": expected a quantity ≤ 1,000,000,000, got "1e300"',
    ]);

    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Count');
    sheet.addRow(['sku', 'name', 'location', 'counted_qty', 'unit']);
    // A barcode scanned into the quantity cell, typed as a number.
    sheet.addRow(['BOLT', 'Bolts', 'Fixings', 5012345678900, 'each']);
    const data = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(await problemsOfAsync(() => readCountFile('count.xlsx', data))).toEqual([
      'count.xlsx row 2, column "counted_qty": expected a quantity ≤ 1,000,000,000, got "5012345678900"',
    ]);
  });

  it('reads the bound itself, and leaves what is not a count (words, negatives) for capture to park', async () => {
    const file = await readCountFile('scan.csv', csv('barcode,qty', 'A,"1,000,000,000"', 'B,-99999999999999999999', 'C,lots'));
    expect(file.rows.map((r) => r.qty)).toEqual(['1,000,000,000', '-99999999999999999999', 'lots']);
  });
});
