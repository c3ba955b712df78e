import type { KnownBlock, PlainTextOption, View } from '@slack/types';
import { capLimit, minimumLimit } from '../src/domain/order-quantity';
import type { OrderRecord } from '../src/domain/order-record';
import { EDIT_BLOCK, EDIT_INPUT, VIEW, encodeOrderRef } from './ids';
import { clip, escapeMrkdwn } from './mrkdwn';
import { fitMrkdwn } from './mrkdwn';
import { orderLine } from './po-draft-text';

export interface PoEditOptions {
  currency: string;
  /** The rules doc's faster backup supplier for this SKU, offered next to the resolved one. */
  backupSupplier?: string | null;
  /** Other suppliers the owner may pick (the supplier doc's names); the list is cut to Slack's 100 options. */
  suppliers: string[];
}

/** Slack: ≤ 100 options, option text ≤ 75, option value ≤ 150. */
const MAX_OPTIONS = 100;
const OPTION_TEXT = 75;
const OPTION_VALUE = 150;
const BACKUP_TAG = ' (faster backup)';

const esc = (text: string, max = 200): string => escapeMrkdwn(clip(text, max));

/** "Packs of 12, minimum 24, at most 492." — the gates the quantity must pass, as the draft computed them. */
export function quantityHint(gates: OrderRecord['draft']['gates'], supplier: string | null): string {
  const min = minimumLimit(gates);
  const cap = capLimit(gates);
  const rules = [
    gates.packSize > 1 ? `Whole packs of ${gates.packSize}` : 'Any whole number',
    min !== null ? `minimum ${min}` : null,
    cap !== null ? `at most ${cap}` : null,
  ].filter((x): x is string => x !== null);
  const whose = supplier ? ` for ${clip(supplier, 60)}; another supplier's own pack size and minimum apply if you switch` : '';
  return `${rules.join(', ')}${whose}.`;
}

/**
 * Supplier choices: the resolved supplier first, then the backup, then the rest, each name once (case-insensitive).
 * A name longer than an option value can carry is left out rather than cut: a cut name would not find its supplier.
 */
function supplierOptions(order: OrderRecord, opts: PoEditOptions): PlainTextOption[] {
  const seen = new Set<string>();
  const options: PlainTextOption[] = [];
  for (const name of [order.supplier, opts.backupSupplier, ...opts.suppliers]) {
    if (!name || name.length > OPTION_VALUE || seen.has(name.toLowerCase()) || options.length >= MAX_OPTIONS) continue;
    seen.add(name.toLowerCase());
    const isBackup = name === opts.backupSupplier && name !== order.supplier;
    const label = isBackup ? `${clip(name, OPTION_TEXT - BACKUP_TAG.length)}${BACKUP_TAG}` : clip(name, OPTION_TEXT);
    options.push({ text: { type: 'plain_text', text: label }, value: name });
  }
  return options;
}

/**
 * The Edit modal: quantity (pre-filled, with the pack size, minimum and cap as a hint), supplier (the resolved one
 * selected, the faster backup offered) and an optional note to the supplier. Submitting approves and sends.
 */
export function poEditModal(order: OrderRecord, opts: PoEditOptions): View {
  const d = order.draft;
  const options = supplierOptions(order, opts);
  const current = options.find((o) => o.value === order.supplier);

  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: fitMrkdwn(
          `${d.urgent ? ':rotating_light: *Urgent* ' : ''}*${esc(d.name, 300)}* (${esc(d.sku, 100)}) at ` +
            `${esc(d.location, 100)}\nDrafted: ${esc(orderLine(d, opts.currency), 400)}`,
          3000,
        ),
      },
    },
    {
      type: 'input',
      block_id: EDIT_BLOCK.qty,
      label: { type: 'plain_text', text: 'Quantity' },
      hint: { type: 'plain_text', text: quantityHint(d.gates, order.supplier) },
      element: { type: 'plain_text_input', action_id: EDIT_INPUT.qty, initial_value: String(order.qty), max_length: 12 },
    },
  ];

  if (options.length > 0) {
    blocks.push({
      type: 'input',
      block_id: EDIT_BLOCK.supplier,
      label: { type: 'plain_text', text: 'Supplier' },
      // Without a selectable current supplier, leaving it empty keeps the one on the order.
      optional: current === undefined && order.supplier !== null,
      ...(current === undefined && order.supplier !== null
        ? { hint: { type: 'plain_text' as const, text: `Leave empty to keep ${clip(order.supplier, 100)}.` } }
        : {}),
      element: {
        type: 'static_select',
        action_id: EDIT_INPUT.supplier,
        placeholder: { type: 'plain_text', text: 'Choose a supplier' },
        options,
        ...(current ? { initial_option: current } : {}),
      },
    });
  } else {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: ':warning: No supplier to choose from: add one to the supplier doc, then Edit again.' }],
    });
  }

  blocks.push({
    type: 'input',
    block_id: EDIT_BLOCK.note,
    optional: true,
    label: { type: 'plain_text', text: 'Note to the supplier' },
    element: {
      type: 'plain_text_input',
      action_id: EDIT_INPUT.note,
      multiline: true,
      max_length: 500,
      placeholder: { type: 'plain_text', text: 'e.g. Deliver to the rear door before 10:00' },
      ...(order.note ? { initial_value: clip(order.note, 500) } : {}),
    },
  });

  return {
    type: 'modal',
    callback_id: VIEW.editPo,
    private_metadata: encodeOrderRef({ itemKey: order.item_key, orderId: order.order_id }),
    title: { type: 'plain_text', text: 'Edit purchase order' },
    submit: { type: 'plain_text', text: 'Approve & send' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks,
  };
}

export interface EditSubmission {
  qty: string;
  supplier: string | null;
  note: string;
}

const field = (values: unknown, block: string, action: string): Record<string, unknown> | null => {
  const inBlock = typeof values === 'object' && values !== null ? (values as Record<string, unknown>)[block] : undefined;
  const state = typeof inBlock === 'object' && inBlock !== null ? (inBlock as Record<string, unknown>)[action] : undefined;
  return typeof state === 'object' && state !== null ? (state as Record<string, unknown>) : null;
};
const text = (x: unknown): string => (typeof x === 'string' ? x : '');

/** What the owner typed, pulled out of `view.state.values`: missing or odd fields come back empty, never throw. */
export function readEditSubmission(values: unknown): EditSubmission {
  const selected = field(values, EDIT_BLOCK.supplier, EDIT_INPUT.supplier)?.selected_option;
  const supplier = typeof selected === 'object' && selected !== null ? text((selected as Record<string, unknown>).value).trim() : '';
  return {
    qty: text(field(values, EDIT_BLOCK.qty, EDIT_INPUT.qty)?.value).trim(),
    supplier: supplier === '' ? null : supplier,
    note: text(field(values, EDIT_BLOCK.note, EDIT_INPUT.note)?.value).trim(),
  };
}
