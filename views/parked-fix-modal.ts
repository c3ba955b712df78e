import type { View } from '@slack/types';
import type { ParkedRecord } from '../src/domain/count-records';
import { FIX_BLOCK, FIX_INPUT, VIEW, encodeParkedRef } from './ids';
import { clip, escapeMrkdwn, fitMrkdwn } from './mrkdwn';

const esc = (text: string, max = 200) => escapeMrkdwn(clip(text, max));
const UNITS = [
  { value: 'each', label: 'each' },
  { value: 'case', label: 'case / box / pack (× pack size)' },
];

/**
 * The Fix modal for one parked row: which SKU it is (pre-filled with the code when that is a SKU already) and how
 * many, in eaches or cases. Submitting re-enters it into the count; an unknown code is remembered as that SKU's alias.
 */
export function parkedFixModal(p: ParkedRecord, prefill: { sku: string }): View {
  const qty = p.qty === null ? '1' : /^\s*\d/.test(p.qty) ? p.qty.trim() : '';
  const unit =
    UNITS.find((u) => u.value === (/^(case|cases|box|boxes|pack|packs|cs|bx|pk)$/i.test(p.unit.trim()) ? 'case' : 'each')) ?? UNITS[0]!;
  const option = (u: (typeof UNITS)[number]) => ({ text: { type: 'plain_text' as const, text: u.label }, value: u.value });
  return {
    type: 'modal',
    callback_id: VIEW.fixParked,
    private_metadata: encodeParkedRef({ sessionId: p.session_id, sk: p.sk }),
    title: { type: 'plain_text', text: 'Fix a parked line' },
    submit: { type: 'plain_text', text: 'Count it' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: fitMrkdwn(`*${esc(p.file, 100)} row ${p.row}*: \`${esc(p.raw, 300)}\`\nParked because ${esc(p.reason, 500)}.`, 3000),
        },
      },
      {
        type: 'input',
        block_id: FIX_BLOCK.sku,
        label: { type: 'plain_text', text: 'SKU' },
        hint: {
          type: 'plain_text',
          text: 'The stock sheet SKU (or a barcode it knows). A new code is remembered as this SKU for the next count.',
        },
        element: {
          type: 'plain_text_input',
          action_id: FIX_INPUT.sku,
          max_length: 150,
          ...(prefill.sku ? { initial_value: clip(prefill.sku, 150) } : {}),
        },
      },
      {
        type: 'input',
        block_id: FIX_BLOCK.qty,
        label: { type: 'plain_text', text: 'Quantity counted' },
        hint: { type: 'plain_text', text: 'A number, 0 or more. 0 means counted and none there.' },
        element: { type: 'plain_text_input', action_id: FIX_INPUT.qty, max_length: 20, ...(qty ? { initial_value: clip(qty, 20) } : {}) },
      },
      {
        type: 'input',
        block_id: FIX_BLOCK.unit,
        label: { type: 'plain_text', text: 'Counted in' },
        element: { type: 'static_select', action_id: FIX_INPUT.unit, options: UNITS.map(option), initial_option: option(unit) },
      },
    ],
  };
}

/** What the Fix modal's fields hold, as typed. */
export function readFixSubmission(
  values: Record<string, Record<string, { value?: string | null; selected_option?: { value?: string } | null }>>,
): {
  sku: string;
  qty: string;
  unit: string;
} {
  return {
    sku: values[FIX_BLOCK.sku]?.[FIX_INPUT.sku]?.value?.trim() ?? '',
    qty: values[FIX_BLOCK.qty]?.[FIX_INPUT.qty]?.value?.trim() ?? '',
    unit: values[FIX_BLOCK.unit]?.[FIX_INPUT.unit]?.selected_option?.value ?? 'each',
  };
}
