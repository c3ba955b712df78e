import type { View } from '@slack/types';
import type { ParkedTillLine } from '../src/domain/pos';
import { TILL_FIX_BLOCK, TILL_FIX_INPUT, VIEW } from './ids';
import { clip, escapeMrkdwn, fitMrkdwn } from './mrkdwn';

const esc = (text: string, max = 200) => escapeMrkdwn(clip(text, max));
const TILL: Record<ParkedTillLine['format'], string> = { generic: 'the till', shopify: 'Shopify', square: 'Square' };

/**
 * The Fix modal for a till line stockbot could not place: which SKU the till's code is, and where. Submitting applies
 * the line and remembers the code as that SKU's alias at that location, so the till's next line with it goes straight
 * through. `ref` is the parked line's key, carried back in the metadata.
 */
export function tillFixModal(p: ParkedTillLine, ref: string, locations: readonly string[]): View {
  const option = (l: string) => ({ text: { type: 'plain_text' as const, text: clip(l, 75) }, value: clip(l, 150) });
  const initial = locations.find((l) => l.toLowerCase() === (p.line.location ?? '').toLowerCase()) ?? locations[0];
  return {
    type: 'modal',
    callback_id: VIEW.fixTill,
    private_metadata: ref,
    title: { type: 'plain_text', text: 'Fix a till line' },
    submit: { type: 'plain_text', text: 'Apply it' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: fitMrkdwn(
            `From ${TILL[p.format]}: \`${esc(p.line.code, 200)}\` × ${p.line.qty} (${p.line.kind}), event ${esc(p.event_id, 100)}.\nParked because ${esc(p.reason, 500)}.`,
            3000,
          ),
        },
      },
      {
        type: 'input',
        block_id: TILL_FIX_BLOCK.sku,
        label: { type: 'plain_text', text: 'Which SKU is it?' },
        hint: { type: 'plain_text', text: 'The SKU as the stock sheet has it. The till’s code is remembered as its alias.' },
        element: { type: 'plain_text_input', action_id: TILL_FIX_INPUT.sku, max_length: 200 },
      },
      {
        type: 'input',
        block_id: TILL_FIX_BLOCK.location,
        label: { type: 'plain_text', text: 'At which location?' },
        element: {
          type: 'static_select',
          action_id: TILL_FIX_INPUT.location,
          options: locations.slice(0, 100).map(option),
          ...(initial ? { initial_option: option(initial) } : {}),
        },
      },
    ],
  };
}

/** What the Fix modal's inputs hold. */
export function readTillFixSubmission(
  values: Record<string, Record<string, { value?: string | null; selected_option?: { value?: string } | null }>>,
): {
  sku: string;
  location: string;
} {
  return {
    sku: values[TILL_FIX_BLOCK.sku]?.[TILL_FIX_INPUT.sku]?.value?.trim() ?? '',
    location: values[TILL_FIX_BLOCK.location]?.[TILL_FIX_INPUT.location]?.selected_option?.value ?? '',
  };
}
