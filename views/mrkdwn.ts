import type { Button } from '@slack/types';

/** Text from documents and people goes into mrkdwn escaped, so a name like "Nuts & <bolts>" cannot break a message. */
export const escapeMrkdwn = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Slack's per-text limits, with room for an ellipsis. */
export const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** Text from documents and people, bounded before it is escaped, so a block stays within Slack's limits by construction. */
const esc = (text: string, max = 200): string => escapeMrkdwn(clip(text, max));

/**
 * The last guard on a whole mrkdwn text: cut to Slack's `max` with an ellipsis, never through an entity (`&amp;`)
 * or a mention (`<@U…>`) that escaping or formatting put there.
 */
export function fitMrkdwn(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max - 1).replace(/&[a-z]{0,3}$|<[^>]*$/, '')}…`;
}

const SLACK_USER = /^[UW][A-Z0-9]{2,}$/;

/** `<@U0OWNER>` for a Slack user, the escaped address for an email-link decision, else "the owner". */
export function whoDecided(decidedBy: string | null | undefined, ownerId?: string | null): string {
  const who = decidedBy || ownerId;
  if (!who) return 'the owner';
  return SLACK_USER.test(who) ? `<@${who}>` : esc(who, 100);
}

const wallParts = new Map<string, Intl.DateTimeFormat>();

/** `08:05 on 23 Nov`: an instant on the business's wall clock, 24-hour. */
export function formatWhen(iso: string, timezone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return esc(iso, 40);
  let f = wallParts.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone: timezone,
      hourCycle: 'h23',
      hour: '2-digit',
      minute: '2-digit',
      day: 'numeric',
      month: 'short',
    });
    wallParts.set(timezone, f);
  }
  const parts = f.formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('hour')}:${part('minute')} on ${part('day')} ${part('month')}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `28 Nov` for a local date `2026-11-28` (already the business's calendar day, so no timezone applies). */
export function formatLocalDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const month = m ? MONTHS[Number(m[2]) - 1] : undefined;
  return m && month ? `${Number(m[3])} ${month}` : esc(date, 40);
}

/** A Block Kit button. */
/** What an irreversible button asks before it acts: a title, what will happen, and the two answers. */
export interface Confirmation {
  title: string;
  text: string;
  confirm: string;
  deny?: string;
}

export const button = (action_id: string, text: string, value: string, style?: 'primary' | 'danger', confirm?: Confirmation): Button => ({
  type: 'button',
  action_id,
  text: { type: 'plain_text', text },
  value,
  ...(style ? { style } : {}),
  ...(confirm
    ? {
        confirm: {
          // Slack's limits: title 100, text 300, buttons 30 characters.
          title: { type: 'plain_text', text: clip(confirm.title, 100) },
          text: { type: 'mrkdwn', text: clip(confirm.text, 300) },
          confirm: { type: 'plain_text', text: clip(confirm.confirm, 30) },
          deny: { type: 'plain_text', text: clip(confirm.deny ?? 'Cancel', 30) },
          ...(style === 'danger' ? { style: 'danger' as const } : {}),
        },
      }
    : {}),
});
