import { poDraftEmail } from '../../../views/po-draft-email';
import { signLink } from '../../services/email-links';
import type { MailPort } from '../mail';
import type { DraftNotifier } from './index';

export interface EmailNotifierOptions {
  mail: MailPort;
  from: string;
  linkSecret: string;
  /** The email-action endpoint, e.g. https://….lambda-url…/ or http://localhost:3000/email-action */
  actionUrl: string;
  clock: () => Date;
  /** How long a link works. */
  linkDays?: number;
}

/** Drafts by email when the rules doc has an owner email but no Slack ID; the links lead to the email-action endpoint. */
export function emailNotifier(o: EmailNotifierOptions): DraftNotifier {
  const send: DraftNotifier['draftCreated'] = async (order, rules) => {
    if (!rules.ownerEmail) throw new Error('the rules doc names neither an owner Slack ID (owner: U…) nor an owner email, so there is nobody to send drafts to');
    const expires = new Date(o.clock().getTime() + (o.linkDays ?? 7) * 86_400_000);
    const ref = { itemKey: order.item_key, orderId: order.order_id };
    const link = (action: 'approve' | 'skip') => `${o.actionUrl}?token=${encodeURIComponent(signLink(o.linkSecret, ref, action, expires))}`;
    const email = poDraftEmail(order, rules.currency, { approve: link('approve'), skip: link('skip') });
    await o.mail.send({ to: rules.ownerEmail, from: o.from, reference: `draft-${order.item_key}-${order.order_id}`, ...email });
  };
  return { draftCreated: send, draftResurfaced: send };
}

/** Slack DM when the rules doc names the owner's Slack ID, else email: decided per draft, so a doc edit takes effect at once. */
export function ownerNotifier(slack: DraftNotifier, email: DraftNotifier): DraftNotifier {
  return {
    draftCreated: (order, rules) => (rules.owner ? slack : email).draftCreated(order, rules),
    draftResurfaced: (order, rules) => (rules.owner ? slack : email).draftResurfaced(order, rules),
  };
}
