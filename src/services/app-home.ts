import { appHomeView } from '../../views/app-home';
import type { Chat } from '../adapters/slack/chat';
import type { DocumentSource } from '../adapters/documents';
import type { Rules } from '../domain/types';
import type { Store } from '../store/open-store';

export interface AppHomeDeps {
  store: Pick<Store, 'orders' | 'state' | 'counts'>;
  documents: Pick<DocumentSource, 'readRules'>;
  chat: Pick<Chat, 'publishHome'>;
  clock: () => Date;
}

/**
 * Builds `user`'s App Home from what is stored (drafts, orders, the last check's watch list, counts and variances)
 * and publishes it. It reads no stock sheet and decides nothing, so it costs the same at 100 items or 100,000; after
 * a click it runs on the queue, off the ack path.
 */
export async function publishHome(deps: AppHomeDeps, user: string): Promise<void> {
  const now = deps.clock();
  const rules = await deps.documents.readRules();
  const isOwner = rules.owner === user;
  const [pending, onOrder, partly, lastRun, counts] = await Promise.all([
    isOwner ? deps.store.orders.listByStatus('pending') : Promise.resolve([]),
    deps.store.orders.listByStatus('on-order'),
    deps.store.orders.listByStatus('partly-received'),
    deps.store.state.latestRun(),
    countsFor(deps.store, user, rules),
  ]);
  const view = appHomeView({
    watch: lastRun?.watch ?? [],
    pending,
    onOrder: [...onOrder, ...partly],
    counts: counts.counts,
    variances: counts.variances,
    currency: rules.currency,
    timezone: rules.timezone,
    now,
    isOwner,
  });
  await deps.chat.publishHome(user, view);
}

/** The counts not yet closed, and the variances in them waiting for `user` (the locations the rules doc names them approver of). */
async function countsFor(store: Pick<Store, 'counts'>, user: string, rules: Rules) {
  const sessions = await store.counts.listActive();
  const mine = new Set(
    Object.entries(rules.locationApprovers)
      .filter(([, approver]) => approver === user)
      .map(([location]) => location),
  );
  const lines = await Promise.all(sessions.map((s) => store.counts.lines(s.session_id)));
  const waitingIn = lines.map((ls) =>
    ls.filter((l) => l.state === 'material' && (l.variance_status === 'queued' || l.variance_status === 'held')),
  );
  return {
    counts: sessions.map((meta, i) => ({ meta, waiting: waitingIn[i]!.length })),
    variances: waitingIn.flat().filter((l) => mine.has(l.location.toLowerCase())),
  };
}
