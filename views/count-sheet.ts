export interface CountSheetRow {
  sku: string;
  name: string;
  location: string;
}

/**
 * The pre-filled count sheet for a session: one row per SKU in scope with `counted_qty` blank (blank = not counted),
 * the columns the filled-sheet reader expects. Data in, XLSX bytes out.
 */
export async function countSheetXlsx(sessionId: string, rows: readonly CountSheetRow[]): Promise<Buffer> {
  // Loaded on first use, so the Slack function's cold start does not pay for the XLSX writer.
  const { Workbook } = require('exceljs') as typeof import('exceljs');
  const workbook = new Workbook();
  workbook.creator = 'stockbot';
  const sheet = workbook.addWorksheet('Count', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    { header: 'sku', key: 'sku', width: 18 },
    { header: 'name', key: 'name', width: 36 },
    { header: 'location', key: 'location', width: 14 },
    { header: 'counted_qty', key: 'counted_qty', width: 13 },
    { header: 'unit', key: 'unit', width: 8 },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const row of [...rows].sort((a, b) => a.sku.localeCompare(b.sku)))
    sheet.addRow({ sku: row.sku, name: row.name, location: row.location, counted_qty: null, unit: 'each' });
  // The session id travels with the file, so a sheet uploaded in the wrong thread can be recognised.
  workbook.title = `stockbot count ${sessionId}`;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
