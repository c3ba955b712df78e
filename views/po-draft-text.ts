import type { DraftOrder } from '../src/domain/draft-order';
import { formatMoney } from '../src/domain/money';
import { showQty } from '../src/domain/numbers';

/** "~7 days of cover left": whole days, rounded down, since a part day of stock is not a day of sales. */
export function coverLeft(days: number | null): string {
  if (days === null) return 'no recent sales';
  const whole = Math.floor(days);
  return whole < 1 ? 'less than a day of cover left' : `~${whole} day${whole === 1 ? '' : 's'} of cover left`;
}

/** The order in one line: `120 × £4.20 = £504.00 from Bayside Roasters`. */
export function orderLine(draft: Pick<DraftOrder, 'qty' | 'unitCost' | 'total' | 'supplier'>, currency: string): string {
  const price =
    draft.unitCost === null || draft.total === null
      ? `${draft.qty} (no unit cost)`
      : `${draft.qty} × ${formatMoney(draft.unitCost, currency)} = ${formatMoney(draft.total, currency)}`;
  return `${price} from ${draft.supplier ?? 'no supplier'}`;
}

/**
 * A draft as plain text: the CLI and demo print it, and it is the notification text of the Slack DM and the
 * plain part of the email fallback. Pure: data in, text out.
 */
export function poDraftText(draft: DraftOrder, currency: string): string {
  const head = `${draft.urgent ? 'URGENT reorder' : 'Reorder'}: ${draft.name} (${draft.sku}) at ${draft.location}`;
  const lines = [
    head,
    `  Order ${orderLine(draft, currency)}${draft.supplierEmail ? ` <${draft.supplierEmail}>` : ''}`,
    `  On hand ${showQty(draft.onHand)}, sells ~${showQty(draft.dailySalesRate)}/day${draft.urgent ? `, ${coverLeft(draft.daysOfCoverLeft)}` : ''}`,
    ...(draft.tillRate
      ? [
          `  Sales rate: sheet ${showQty(draft.dailySalesRate)}/day · till ${showQty(draft.tillRate.perDay)}/day over ${draft.tillRate.days} days`,
        ]
      : []),
    `  Reorder point: ${draft.pointArithmetic}`,
    `  Quantity: ${draft.quantityArithmetic}`,
  ];
  if (draft.supplierSource === 'fallback') lines.push(`  Supplier is the rules doc's fallback supplier.`);
  if (draft.capped) lines.push('  Capped by the order cap in the rules doc: check the sales rate if this looks small.');
  for (const problem of draft.problems) lines.push(`  Needs attention: ${problem}`);
  return lines.join('\n');
}
