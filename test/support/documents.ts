import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localDocuments, type LocalDocumentPaths } from '../../src/adapters/documents/local-files';

export const STOCK_HEADER =
  'sku,name,location,supplier,category,on_hand,daily_sales_rate,lead_time_days,safety_buffer,pack_size,unit_cost,point_override,target_level,aliases';

export const RULES = `timezone: Europe/London
quiet hours: 18:00-08:00
watch margin: 10%
days of cover: 30
order cap: 500
skip cooldown days: 1
fallback supplier: Acme Wholesale
owner: U0OWNER
currency: GBP
`;

export const SUPPLIERS = `## Bayside Roasters
email: orders@bayside.example
pack size: 12
minimum order: 24
lead time days: 5
template:
Please supply {qty} x {item} ({sku}) at {unit_cost} each, total {line_total}.
PO {po_number}. {note}

## Acme Wholesale
email: po@acme.example
`;

/** Real files in a temp folder, read through the real local-files adapter. Returns the paths so a test can rewrite them. */
export function writeDocuments(stockRows: string[], rules = RULES, suppliers = SUPPLIERS) {
  const dir = mkdtempSync(join(tmpdir(), 'stockbot-docs-'));
  const paths: LocalDocumentPaths = {
    stockSheet: join(dir, 'stock.csv'),
    rules: join(dir, 'rules.txt'),
    suppliers: join(dir, 'suppliers.txt'),
  };
  const writeStock = (rows: string[]) => writeFileSync(paths.stockSheet, `${[STOCK_HEADER, ...rows].join('\n')}\n`);
  writeStock(stockRows);
  writeFileSync(paths.rules, rules);
  writeFileSync(paths.suppliers, suppliers);
  return { dir, paths, documents: localDocuments(paths), writeStock };
}
