import { appHomeView } from '../../views/app-home';
import type { Chat } from '../adapters/slack/chat';
import type { DocumentSource } from '../adapters/documents';
import type { CountLine } from '../domain/count-records';
import type { Rules } from '../domain/types';
import type { Store } from '../store/open-store';

export interface AppHomeDeps {
  store: Pick<Store, 'orders' | 'state' | 'counts' | 'pos'>;
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
  const [pending, onOrder, partly, lastRun, counts, parkedTill] = await Promise.all([
    isOwner ? deps.store.orders.listByStatus('pending') : Promise.resolve([]),
    deps.store.orders.listByStatus('on-order'),
    deps.store.orders.listByStatus('partly-received'),
    deps.store.state.latestRun(),
    countsFor(deps.store, user, rules, now),
    isOwner ? deps.store.pos.parked() : Promise.resolve([]),
  ]);
  const view = appHomeView({
    watch: lastRun?.watch ?? [],
    pending,
    onOrder: [...onOrder, ...partly],
    counts: counts.counts,
    variances: counts.variances,
    parkedTill,
    currency: rules.currency,
    timezone: rules.timezone,
    now,
    isOwner,
  });
  await deps.chat.publishHome(user, view);
}

/**
 * How far back closed counts are searched for variances still waiting: a count may be closed with cards undecided,
 * and those stay the approver's to decide.
 */
const CLOSED_COUNTS_DAYS = 90;

/**
 * The counts not yet closed, and the variances waiting for `user` (the locations the rules doc names them approver of)
 * in those and in counts closed in the last 90 days.
 */
async function countsFor(store: Pick<Store, 'counts'>, user: string, rules: Rules, now: Date) {
  const since = new Date(now.getTime() - CLOSED_COUNTS_DAYS * 86_400_000).toISOString();
  const [sessions, closed] = await Promise.all([store.counts.listActive(), store.counts.listClosedSince(since)]);
  const mine = new Set(
    Object.entries(rules.locationApprovers)
      .filter(([, approver]) => approver === user)
      .map(([location]) => location),
  );
  const waiting = (lines: CountLine[]) =>
    lines.filter((l) => l.state === 'material' && (l.variance_status === 'queued' || l.variance_status === 'held'));
  const waitingIn = (await Promise.all(sessions.map((s) => store.counts.lines(s.session_id)))).map(waiting);
  const mineClosed = closed.filter((s) => mine.has(s.location.toLowerCase()));
  const waitingClosed = (await Promise.all(mineClosed.map((s) => store.counts.lines(s.session_id)))).map(waiting);
  return {
    counts: sessions.map((meta, i) => ({ meta, waiting: waitingIn[i]!.length })),
    variances: [...waitingIn.flat(), ...waitingClosed.flat()].filter((l) => mine.has(l.location.toLowerCase())),
  };
}
