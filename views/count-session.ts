import type { KnownBlock, View } from '@slack/types';
import type { SessionMeta } from '../src/domain/count-records';
import { COUNT_BLOCK, COUNT_INPUT, VIEW } from './ids';
import { clip, escapeMrkdwn, fitMrkdwn, formatWhen, whoDecided } from './mrkdwn';

const esc = (text: string, max = 200) => escapeMrkdwn(clip(text, max));
const scopeText = (scope: string[] | null) =>
  scope && scope.length > 0 ? `categories ${scope.map((c) => esc(c, 60)).join(', ')}` : 'the whole location';

/** The file name of a session's pre-filled count sheet. */
export const countSheetName = (meta: Pick<SessionMeta, 'session_id'>) => `count-${meta.session_id}.xlsx`;

/** What to do with a count, said once in the session message and again by `/count help`. */
export const HOW_TO_UPLOAD =
  'Fill in `counted_qty` in the attached sheet and upload it *in this thread* (CSV or XLSX), or upload a scanner export ' +
  '(CSV with a `barcode`, `code` or `sku` column and an optional `qty`). A blank cell means *not counted*; type `0` for ' +
  'none on the shelf. Cases are fine: put `case` in `unit`. Upload several files (one per bin) and they add up; the ' +
  'count sheet uploaded again under the same name replaces its earlier reading.';

/** The session message in the location's channel: its thread is where the sheet, uploads and variance cards go. */
export function countSessionMessage(meta: SessionMeta, skus: number, timezone: string): { text: string; blocks: KnownBlock[] } {
  const head =
    `:clipboard: *Count ${esc(meta.session_id, 60)}* at *${esc(meta.location, 80)}*: ${scopeText(meta.scope)}, ${skus} ` +
    `SKU${skus === 1 ? '' : 's'}. ` +
    `Counter: ${whoDecided(meta.counter)}. Opened by ${whoDecided(meta.opened_by)} at ${formatWhen(meta.opened_at, timezone)}.`;
  return {
    text: fitMrkdwn(`Count ${meta.session_id} at ${esc(meta.location, 80)} is open: upload the count in this thread`, 3000),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: fitMrkdwn(head, 3000) } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: HOW_TO_UPLOAD }] },
    ],
  };
}

export const COUNT_HELP = [
  '*/count* opens a stock count: pick the location, what to count and who counts. The app posts the count in the',
  "location's channel with a pre-filled sheet; upload the filled sheet or a scanner export in that thread.",
  '',
  HOW_TO_UPLOAD,
  '',
  "Each material gap gets a card with its likely cause for the location's approver to Approve or Reject. Nothing",
  'changes stock until they do.',
  '',
  '*/count status* lists open counts. */count close* closes the count open in this channel (or `/count close ID`), so the',
  'location can be counted again. */count help* shows this.',
].join('\n');

/** `/count status`: the counts not yet closed. */
export function countStatusText(sessions: SessionMeta[], timezone: string): string {
  if (sessions.length === 0) return 'No counts are open. Type `/count` to start one.';
  const lines = sessions.map((s) => {
    const where = s.channel && s.ts ? ` (<#${s.channel}>)` : '';
    return `• *${esc(s.session_id, 60)}* at *${esc(s.location, 80)}*${where}: ${s.session_status}, opened ${formatWhen(s.opened_at, timezone)} by ${whoDecided(s.opened_by)}`;
  });
  return fitMrkdwn(`Open counts:\n${lines.join('\n')}`, 3000);
}

export interface CountModalChoices {
  locations: string[];
  /** Categories per location, for the optional scope. */
  categories: string[];
  user: string;
  /** Chosen already (a count reminder's Start count); else the only location, or none. */
  location?: string;
}

const initialLocation = (c: CountModalChoices): string | undefined =>
  c.locations.find((l) => l.toLowerCase() === c.location?.toLowerCase()) ?? (c.locations.length === 1 ? c.locations[0] : undefined);

/** The /count modal: location, scope (whole location, or some categories) and counter (defaults to whoever typed it). */
export function countOpenModal(c: CountModalChoices): View {
  const option = (v: string) => ({ text: { type: 'plain_text' as const, text: clip(v, 75) }, value: clip(v, 150) });
  return {
    type: 'modal',
    callback_id: VIEW.openCount,
    title: { type: 'plain_text', text: 'Open a count' },
    submit: { type: 'plain_text', text: 'Open count' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: COUNT_BLOCK.location,
        label: { type: 'plain_text', text: 'Location' },
        element: {
          type: 'static_select',
          action_id: COUNT_INPUT.location,
          options: c.locations.slice(0, 100).map(option),
          ...(initialLocation(c) ? { initial_option: option(initialLocation(c)!) } : {}),
        },
      },
      ...(c.categories.length > 0
        ? [
            {
              type: 'input' as const,
              block_id: COUNT_BLOCK.categories,
              optional: true,
              label: { type: 'plain_text' as const, text: 'Only these categories' },
              hint: { type: 'plain_text' as const, text: 'Leave empty to count the whole location.' },
              element: {
                type: 'multi_static_select' as const,
                action_id: COUNT_INPUT.categories,
                options: c.categories.slice(0, 100).map(option),
              },
            },
          ]
        : []),
      {
        type: 'input',
        block_id: COUNT_BLOCK.counter,
        label: { type: 'plain_text', text: 'Counter' },
        element: { type: 'users_select', action_id: COUNT_INPUT.counter, initial_user: c.user },
      },
    ],
  };
}
