import type { WebClient } from '@slack/web-api';
import { appHomeView } from '../../../views/app-home';
import { poDraftMessage } from '../../../views/po-draft';
import type { DocumentSource } from '../documents';
import type { DraftNotifier } from '../notifier';
import { decideAll } from '../../domain/check';
import { localDate } from '../../domain/quiet-hours';
import type { Rules } from '../../domain/types';
import type { OrderRecord } from '../../store/orders';
import type { Store } from '../../store/open-store';

/** What the owner sees in Slack: draft DMs (posted, then updated in place after every decision) and App Home. */
export interface OwnerMessages extends DraftNotifier {
  orderChanged(order: OrderRecord, rules: Rules): Promise<void>;
  publishHome(userId: string, rules: Rules): Promise<void>;
}

export interface OwnerMessagesDeps {
  client: WebClient;
  store: Pick<Store, 'orders' | 'state' | 'counts'>;
  documents: DocumentSource;
  clock: () => Date;
}

export function slackOwnerMessages(deps: OwnerMessagesDeps): OwnerMessages {
  const { client, store } = deps;
  const render = (order: OrderRecord, rules: Rules) =>
    poDraftMessage(order, { currency: rules.currency, timezone: rules.timezone, ownerId: rules.owner });

  async function post(order: OrderRecord, rules: Rules): Promise<{ channel: string; ts: string }> {
    if (!rules.owner) throw new Error('the rules doc names no owner (owner: U…), so there is nobody to send drafts to');
    const opened = await client.conversations.open({ users: rules.owner });
    const channel = opened.channel?.id;
    if (!channel) throw new Error(`Slack did not open a DM with the owner ${rules.owner}`);
    const message = render(order, rules);
    const posted = await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks });
    if (!posted.ts) throw new Error('Slack accepted the draft but returned no message ts');
    const where = { channel, ts: posted.ts };
    await store.orders.annotate(order.item_key, order.order_id, { message: where });
    return where;
  }

  return {
    draftCreated: async (order, rules) => {
      await post(order, rules);
    },
    // A new message, so the urgent draft is at the bottom of the DM again; the old one loses its buttons.
    draftResurfaced: async (order, rules) => {
      const previous = order.message;
      await post(order, rules);
      if (previous) {
        await client.chat.update({
          channel: previous.channel,
          ts: previous.ts,
          text: `Shown again below (${order.draft.name}).`,
          blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: `_Still waiting: this draft is shown again below._` }] }],
        });
      }
    },
    orderChanged: async (order, rules) => {
      if (!order.message) return;
      const message = render(order, rules);
      await client.chat.update({ channel: order.message.channel, ts: order.message.ts, text: message.text, blocks: message.blocks });
    },
    publishHome: async (userId, rules) => {
      const now = deps.clock();
      const [items, suppliers, openOrders, pending, onOrder] = await Promise.all([
        deps.documents.readStockSheet(),
        deps.documents.readSuppliers(),
        store.orders.listOpen(),
        store.orders.listByStatus('pending'),
        store.orders.listByStatus('on-order'),
      ]);
      // Watch items come from today's stock sheet, not yesterday's check, so the list is never stale.
      const result = decideAll({ items, rules, suppliers, openOrders, states: new Map(), now, today: localDate(now, rules.timezone) });
      const watch = result.checks
        .filter((c) => c.decision.move === 'watch')
        .map((c) => ({ sku: c.item.sku, name: c.item.name, location: c.item.location, onHand: c.item.onHand, reorderPoint: c.point.point }));
      const isOwner = rules.owner === userId;
      const { counts, variances } = await countsFor(store, userId, rules);
      const view = appHomeView({
        watch,
        pending: isOwner ? pending : [],
        onOrder,
        counts,
        variances,
        currency: rules.currency,
        timezone: rules.timezone,
        now,
      });
      await client.views.publish({ user_id: userId, view });
    },
  };
}

/** The counts not yet closed, and the variances in them waiting for `userId` (the locations the rules doc names them approver of). */
async function countsFor(store: Pick<Store, 'counts'>, userId: string, rules: Rules) {
  const sessions = await store.counts.listActive();
  const mine = new Set(Object.entries(rules.locationApprovers).filter(([, approver]) => approver === userId).map(([location]) => location));
  const lines = await Promise.all(sessions.map((s) => store.counts.lines(s.session_id)));
  const waitingIn = lines.map((ls) => ls.filter((l) => l.state === 'material' && (l.variance_status === 'queued' || l.variance_status === 'held')));
  return {
    counts: sessions.map((meta, i) => ({ meta, waiting: waitingIn[i]!.length })),
    variances: waitingIn.flat().filter((l) => mine.has(l.location.toLowerCase())),
  };
}
