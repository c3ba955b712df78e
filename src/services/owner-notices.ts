import { poDraftMessage } from '../../views/po-draft';
import { poDraftEmail } from '../../views/po-draft-email';
import { poDraftText } from '../../views/po-draft-text';
import type { MailPort } from '../adapters/mail';
import type { Chat } from '../adapters/slack/chat';
import type { OrderRecord } from '../domain/order-record';
import type { Rules } from '../domain/types';
import type { Store } from '../store/open-store';
import { signLink } from './email-links';

/** Where new and re-surfaced drafts go: the owner's Slack DM, their inbox, or the terminal. */
export interface DraftNotifier {
  draftCreated(order: OrderRecord, rules: Rules): Promise<void>;
  /** An urgent draft still pending: put it in front of the owner again. */
  draftResurfaced(order: OrderRecord, rules: Rules): Promise<void>;
}

export interface OwnerNoticeDeps {
  store: Pick<Store, 'orders'>;
  chat: Chat;
  mail: MailPort;
  /** The sender of draft emails. */
  mailFrom: string;
  /** Signs the Approve / Skip links in draft emails, and where they lead (the email-action endpoint). */
  links: { secret: string; actionUrl: string };
  clock: () => Date;
}

/** How long an emailed Approve / Skip link works. */
const LINK_DAYS = 7;

const dmOf = (order: OrderRecord, rules: Rules) =>
  poDraftMessage(order, { currency: rules.currency, timezone: rules.timezone, ownerId: rules.owner });

/**
 * Drafts reach the owner as a Slack DM when the rules doc names their Slack ID, else by email with signed single-use
 * Approve / Skip links. Decided per draft, so an edit of the rules doc takes effect at once.
 */
export function ownerNotices(deps: OwnerNoticeDeps): DraftNotifier {
  const dm = async (order: OrderRecord, rules: Rules, owner: string) => {
    const posted = await deps.chat.dm(owner, dmOf(order, rules));
    // Stored so every later decision redraws this message in place.
    await deps.store.orders.annotate(order.item_key, order.order_id, { message: posted });
  };
  const email = async (order: OrderRecord, rules: Rules) => {
    if (!rules.ownerEmail) {
      throw new Error('the rules doc names neither an owner Slack ID (owner: U…) nor an owner email, so there is nobody to send drafts to');
    }
    const expires = new Date(deps.clock().getTime() + LINK_DAYS * 86_400_000);
    const ref = { itemKey: order.item_key, orderId: order.order_id };
    const link = (action: 'approve' | 'skip') =>
      `${deps.links.actionUrl}?token=${encodeURIComponent(signLink(deps.links.secret, ref, action, expires))}`;
    const message = poDraftEmail(order, rules.currency, { approve: link('approve'), skip: link('skip') });
    await deps.mail.send({ to: rules.ownerEmail, from: deps.mailFrom, reference: `draft-${order.item_key}-${order.order_id}`, ...message });
  };
  return {
    draftCreated: (order, rules) => (rules.owner ? dm(order, rules, rules.owner) : email(order, rules)),
    // A new DM, so the urgent draft is at the bottom of the conversation again; the old one loses its buttons.
    draftResurfaced: async (order, rules) => {
      if (!rules.owner) return email(order, rules);
      await dm(order, rules, rules.owner);
      if (order.message) {
        await deps.chat.update(order.message, {
          text: `Shown again below (${order.draft.name}).`,
          blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: '_Still waiting: this draft is shown again below._' }] }],
        });
      }
    },
  };
}

/** Redraws the owner's DM about an order after a decision or a send, so no live buttons are left on a decided draft. */
export async function showOrder(deps: { chat: Pick<Chat, 'update'> }, order: OrderRecord, rules: Rules): Promise<void> {
  if (order.message) await deps.chat.update(order.message, dmOf(order, rules));
}

/** Without Slack (the CLI, the demo): each draft is printed as text. */
export function printedDrafts(write: (text: string) => void): DraftNotifier {
  return {
    draftCreated: async (order, rules) => write(`${poDraftText(order.draft, rules.currency)}\n`),
    draftResurfaced: async (order, rules) =>
      write(`Still waiting for a decision since ${order.draft_date}:\n${poDraftText(order.draft, rules.currency)}\n`),
  };
}
