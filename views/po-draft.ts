import type { KnownBlock, MrkdwnElement } from '@slack/types';
import { formatMoney } from '../src/domain/money';
import { cents, showQty } from '../src/domain/numbers';
import type { OrderRecord } from '../src/domain/order-record';
import { isOverdue, RECEIVABLE, stillToCome } from '../src/domain/receipt';
import { ACTION, encodeOrderRef } from './ids';
import { button, clip, escapeMrkdwn, fitMrkdwn, formatWhen, formatLocalDate, whoDecided } from './mrkdwn';
import { coverLeft, orderLine } from './po-draft-text';

export interface PoDraftOptions {
  /** ISO 4217 code from the rules doc. */
  currency: string;
  /** The business's timezone: times in the message are its wall clock. */
  timezone: string;
  /** The owner named in the rules doc: who "decided" when an order carries no decided_by. */
  ownerId?: string | null;
  /** The business's local date, `yyyy-MM-dd`: an order past its expected date says it is overdue. */
  today?: string;
}

/**
 * Text from documents and people, bounded before it is escaped: escaping at most quintuples it (`&` → `&amp;`), so
 * every block stays within Slack's limits by construction and a clip never cuts an entity in half.
 */
const esc = (text: string, max = 200): string => escapeMrkdwn(clip(text, max));

/** The order as it stands (the owner's edits included), priced from the draft's unit cost. */
function priced(order: OrderRecord) {
  const unitCost = order.draft.unitCost;
  return { qty: order.qty, unitCost, total: unitCost === null ? null : cents(order.qty * unitCost), supplier: order.supplier };
}

/** `Reorder: House Blend beans — 120 × £4.20 = £504.00 from Bayside Roasters`, prefixed by what happened to it. */
function notificationText(order: OrderRecord, currency: string): string {
  const d = order.draft;
  const what = `${esc(d.name)} — ${esc(orderLine(priced(order), currency), 400)}`;
  switch (order.status) {
    case 'pending':
      return `${d.urgent ? 'URGENT reorder' : 'Reorder'}: ${what}`;
    case 'approved':
      return order.send_error ? `PO not sent yet: ${what}` : `Approved, sending the PO: ${what}`;
    case 'on-order':
      return `${order.po_number ? `PO ${esc(order.po_number, 40)}` : 'PO'} sent: ${what}`;
    case 'partly-received':
      return `Partly received (${showQty(order.received_qty ?? 0)} of ${showQty(order.qty)}): ${what}`;
    case 'skipped':
      return `Skipped: ${what}`;
    case 'received':
      return `Received: ${what}`;
    case 'expired':
      return `Expired, nobody decided: ${what}`;
  }
}

function headline(order: OrderRecord): string {
  const d = order.draft;
  const tag = d.urgent ? ':rotating_light: *Urgent reorder*' : ':package: *Reorder*';
  return `${tag}: *${esc(d.name, 300)}*\nSKU ${esc(d.sku, 100)} · ${esc(d.location, 100)}`;
}

function factFields(order: OrderRecord, currency: string): MrkdwnElement[] {
  const d = order.draft;
  const p = priced(order);
  const email = order.sent_to ?? (order.supplier === d.supplier ? d.supplierEmail : null);
  const field = (label: string, value: string): MrkdwnElement => ({ type: 'mrkdwn', text: fitMrkdwn(`*${label}*\n${value}`, 2000) });
  return [
    field('Quantity', String(p.qty)),
    field('Unit cost', p.unitCost === null ? 'not in the stock sheet' : formatMoney(p.unitCost, currency)),
    field('Line total', p.total === null ? '—' : formatMoney(p.total, currency)),
    field('Supplier', `${esc(order.supplier ?? 'none')}${email ? `\n${esc(email)}` : ''}`),
    field('On hand', `${showQty(d.onHand)}${d.urgent ? `\n:hourglass_flowing_sand: ${coverLeft(d.daysOfCoverLeft)}` : ''}`),
    field('Sales rate', salesRate(order)),
  ];
}

/** The sheet's rate, with the till's beside it when they disagree, and whether the owner took the till's. */
function salesRate(order: OrderRecord): string {
  const d = order.draft;
  if (!d.tillRate) return `~${showQty(d.dailySalesRate)}/day`;
  const both = `sheet ${showQty(d.dailySalesRate)}/day · till ${showQty(d.tillRate.perDay)}/day over ${d.tillRate.days} days`;
  return order.rate_taken ? `${both}\n:white_check_mark: ${showQty(order.rate_taken.perDay)}/day going into the stock sheet` : both;
}

/** The arithmetic, so nobody has to ask why: reorder point, quantity, and the reason the quantity is what it is. */
function arithmetic(order: OrderRecord): MrkdwnElement[] {
  const d = order.draft;
  const lines = [`Reorder point: ${esc(d.pointArithmetic, 500)}`, `Quantity: ${esc(d.quantityArithmetic, 500)}`];
  if (d.reasons.length > 0) lines.push(`Why ${d.qty}: ${esc(d.reasons.join(', '), 500)}`);
  if (d.capped) lines.push('*Capped* by the order cap in the rules doc: check the sales rate if this looks small.');
  if (d.supplierSource === 'fallback') lines.push("Supplier is the rules doc's fallback supplier.");
  return lines.map((text) => ({ type: 'mrkdwn', text: fitMrkdwn(text, 3000) }));
}

/** "Edited: qty 120 → 144, supplier Bayside Roasters → Speedy Beans, note added". */
export function editedSummary(order: OrderRecord): string | null {
  const e = order.edited;
  if (!e) return null;
  const parts: string[] = [];
  if (e.qty !== undefined) parts.push(`qty ${order.draft.qty} → ${e.qty}`);
  if (e.supplier !== undefined) parts.push(`supplier ${esc(order.draft.supplier ?? 'none')} → ${esc(e.supplier)}`);
  if (e.note !== undefined) parts.push('note added');
  return parts.length > 0 ? `Edited: ${parts.join(', ')}` : null;
}

/** Who decided, and what happened to the PO since. */
function outcome(order: OrderRecord, opts: PoDraftOptions): string | null {
  const by = whoDecided(order.decided_by, opts.ownerId);
  const po = order.po_number ? `PO ${esc(order.po_number, 40)}` : 'the PO';
  switch (order.status) {
    case 'pending':
      return null;
    case 'approved':
      return order.send_error
        ? `:warning: Approved by ${by}, but the PO email has not gone yet: ${esc(order.send_error, 1000)}` +
            (order.send_attempts ? ` (attempt ${order.send_attempts})` : '')
        : `:hourglass_flowing_sand: Approved by ${by} — sending ${po}…`;
    case 'on-order':
    case 'partly-received': {
      const sent =
        `:white_check_mark: ${po} emailed to ${esc(order.sent_to ?? 'the supplier')}` +
        (order.sent_at ? ` at ${formatWhen(order.sent_at, opts.timezone)}` : '') +
        ` (approved by ${by}).`;
      const received =
        order.status === 'partly-received'
          ? `\n:inbox_tray: ${showQty(order.received_qty ?? 0)} of ${showQty(order.qty)} received; ${showQty(stillToCome(order))} still to come.`
          : '';
      const expected = order.expected_date
        ? opts.today && isOverdue(order, opts.today)
          ? `\n:warning: *Overdue*: expected ${formatLocalDate(order.expected_date)}.`
          : `\nExpected ${formatLocalDate(order.expected_date)}.`
        : '';
      return sent + received + expected;
    }
    case 'skipped':
      return order.draft.urgent
        ? `:fast_forward: Skipped by ${by}; urgent items are drafted again at the next check.`
        : `:fast_forward: Skipped by ${by}; no new draft before ${order.skip_until ? formatWhen(order.skip_until, opts.timezone) : 'the skip cooldown ends'}.`;
    case 'received':
      return (
        `:inbox_tray: ${po} received: ${showQty(order.received_qty ?? order.qty)} of ${showQty(order.qty)}` +
        (order.received_at ? ` by ${formatWhen(order.received_at, opts.timezone)}` : '') +
        '.'
      );
    case 'expired':
      return ':hourglass: Expired: nobody decided in time. The next daily check drafts it again if it is still low.';
  }
}

/**
 * The owner's DM for one draft: item, quantity, cost, supplier, on hand, sales rate and the arithmetic, then what
 * to do (pending: Approve / Edit / Skip) or what was done (no live buttons, except Retry for a PO that did not go).
 * Pure: the same order and options always give the same message.
 */
export function poDraftMessage(order: OrderRecord, opts: PoDraftOptions): { text: string; blocks: KnownBlock[] } {
  const d = order.draft;
  const value = encodeOrderRef({ itemKey: order.item_key, orderId: order.order_id });
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: fitMrkdwn(headline(order), 3000) }, fields: factFields(order, opts.currency) },
    { type: 'context', elements: arithmetic(order) },
  ];

  const edited = editedSummary(order);
  const notes = [edited, order.note ? `Note to the supplier: ${esc(order.note, 500)}` : null].filter((x): x is string => x !== null);
  if (notes.length > 0) blocks.push({ type: 'context', elements: notes.map((text) => ({ type: 'mrkdwn', text: fitMrkdwn(text, 3000) })) });

  if (order.status === 'pending') {
    // No supplier email means no PO can go out: Approve would only park it, so it is not offered until fixed.
    const blocked = d.supplierEmail === null;
    if (d.problems.length > 0 || blocked) {
      const lines = d.problems.slice(0, 10).map((p) => `• ${esc(p, 300)}`);
      if (blocked)
        lines.push('Approve is off until a supplier with an email is set: fix the supplier doc, or use *Edit* to choose another supplier.');
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: fitMrkdwn(`:warning: *Needs attention*\n${lines.join('\n')}`, 3000) } });
    }
    blocks.push({
      type: 'actions',
      elements: [
        ...(blocked ? [] : [button(ACTION.approvePo, 'Approve', value, 'primary')]),
        button(ACTION.editPo, 'Edit', value),
        // The quantity above was worked out from the sheet's rate; the next check uses the one taken.
        ...(d.tillRate && !order.rate_taken ? [button(ACTION.useTillRate, `Use ${showQty(d.tillRate.perDay)}/day`, value)] : []),
        button(ACTION.skipPo, 'Skip', value, undefined, {
          title: 'Skip this order?',
          text: `Nothing is ordered, and ${esc(d.name, 100)} is not drafted again until the skip cooldown ends${d.urgent ? ' (urgent items: the next check)' : ''}.`,
          confirm: 'Skip',
        }),
      ],
    });
  } else {
    const line = outcome(order, opts);
    if (line) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: fitMrkdwn(line, 3000) } });
    if (order.status === 'approved' && order.send_error) {
      blocks.push({ type: 'actions', elements: [button(ACTION.retryPo, 'Retry sending', value, 'primary')] });
    }
    if (RECEIVABLE.includes(order.status)) {
      blocks.push({ type: 'actions', elements: [button(ACTION.markReceived, 'Mark received', value, 'primary')] });
    }
  }
  return { text: fitMrkdwn(notificationText(order, opts.currency), 3000), blocks };
}
