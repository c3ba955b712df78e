// The owner's edit of a proposal, typed as lines: `SKU @ location: on hand 12, cost 4.50`. Pure.

export interface EditedRow {
  sku: string;
  location: string;
  onHand?: number;
  unitCost?: number;
}

export type EditedRows = { ok: true; rows: EditedRow[] } | { ok: false; problems: string[] };

const NUMBER = String.raw`([0-9][0-9,]*(?:\.[0-9]+)?)`;
const ON_HAND = new RegExp(String.raw`^on\s*hand\s+${NUMBER}$`, 'i');
const COST = new RegExp(String.raw`^(?:unit\s*)?cost\s+[^0-9\s]?\s*${NUMBER}$`, 'i');

/** Lines back into rows; a line that does not read is named with what was expected. Blank lines are skipped. */
export function parseEditedRows(text: string, limits: { maxOnHand: number; maxUnitCost: number }): EditedRows {
  const rows: EditedRow[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    const where = `line ${i + 1}`;
    const colon = line.indexOf(':');
    const at = line.lastIndexOf('@', colon < 0 ? undefined : colon);
    if (colon < 0 || at < 0) {
      problems.push(`${where}: expected "SKU @ location: on hand 12, cost 4.50", got "${line.slice(0, 80)}"`);
      return;
    }
    const sku = line.slice(0, at).trim();
    const location = line.slice(at + 1, colon).trim();
    if (sku === '' || location === '') {
      problems.push(`${where}: the SKU and the location go before the colon, as "SKU @ location:"`);
      return;
    }
    const row: EditedRow = { sku, location };
    for (const part of line
      .slice(colon + 1)
      // A comma before a word separates fields; one between digits is a thousands separator.
      .split(/,(?=\s*[a-z])/i)
      .map((p) => p.trim())
      .filter((p) => p !== '')) {
      const onHand = ON_HAND.exec(part);
      const cost = COST.exec(part);
      const value = Number((onHand ?? cost)?.[1]?.replace(/,/g, ''));
      if (onHand && Number.isInteger(value) && value <= limits.maxOnHand) row.onHand = value;
      else if (cost && Number.isFinite(value) && value <= limits.maxUnitCost) row.unitCost = value;
      else problems.push(`${where}: expected "on hand <whole number>" or "cost <amount>", got "${part.slice(0, 60)}"`);
    }
    if (row.onHand === undefined && row.unitCost === undefined) {
      if (!problems.some((p) => p.startsWith(`${where}:`))) problems.push(`${where}: ${sku} has no on hand or cost to write`);
      return;
    }
    const key = `${location.toLowerCase()}#${sku.toLowerCase()}`;
    if (seen.has(key)) problems.push(`${where}: ${sku} @ ${location} is given twice`);
    seen.add(key);
    rows.push(row);
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, rows };
}
