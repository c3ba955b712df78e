import { weeklyDigestMessage } from '../../views/weekly-digest';
import { localDate } from '../domain/quiet-hours';
import type { Rules } from '../domain/types';
import { weeklyDigest, type DigestFacts, type WeeklyDigest } from '../domain/weekly-digest';
import type { Deps } from './deps';
import { deliverReport, type ReportDelivery } from './report-delivery';

export type DigestDeps = Pick<Deps, 'store' | 'chat' | 'scheduler'>;

const DAY_MS = 86_400_000;
const dayOffset = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** The week a digest covers, named by its Sunday: this Sunday's on a Sunday, else the last full week's. */
export function digestWeek(today: string): { from: string; to: string } {
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  const to = dayOffset(today, -weekday);
  return { from: dayOffset(to, -6), to };
}

/** Everything the digest reads, from the store: orders, the last check's lists, waiting variances, parked lines. */
export async function digestFacts(
  deps: DigestDeps,
  week: { from: string; to: string },
  today: string,
  timezone?: string,
): Promise<DigestFacts> {
  const { store } = deps;
  const statuses = ['approved', 'on-order', 'partly-received', 'received', 'skipped'] as const;
  const orders = (await Promise.all(statuses.map((s) => store.orders.listByStatus(s)))).flat();
  const skippedItems = [...new Set(orders.filter((o) => o.status === 'skipped').map((o) => o.item_key))];
  const skipHistories = await Promise.all(
    skippedItems.map(async (key) => {
      const history = await store.orders.forItem(key);
      return { itemKey: key, name: history[0]?.draft.name ?? key, orders: history };
    }),
  );
  const [run, variances, parked, waiting] = await Promise.all([
    store.state.latestRun(),
    store.counts.waitingVariances(),
    store.pos.parked(),
    store.intake.waiting(),
  ]);
  const inboxWaiting = await Promise.all(
    waiting.map(async (m) => ({
      from: m.from,
      subject: m.subject,
      rows: m.rows.length,
      files: m.files,
      link: m.message ? await deps.chat.permalink(m.message).catch(() => null) : null,
    })),
  );
  return {
    ...week,
    today,
    ...(timezone ? { timezone } : {}),
    orders,
    skipHistories,
    watch: run?.watch ?? [],
    fallback: run?.fallback ?? [],
    rateGaps: run?.rate_gaps ?? [],
    variances: variances.map((v) => ({
      sku: v.sku,
      name: v.name,
      location: v.location,
      gapValue: v.gap_value ?? null,
      since: v.waiting_since ?? '',
      link: v.card?.link ?? null,
      ...(v.card ? { channel: v.card.channel } : {}),
    })),
    tillParked: parked.map((p) => ({
      code: p.line.code,
      qty: p.line.qty,
      reason: p.reason,
      since: p.at,
      ...(p.line.location ? { location: p.line.location } : {}),
    })),
    inboxWaiting,
  };
}

export interface DigestResult {
  delivery: ReportDelivery;
  digest: WeeklyDigest | null;
  /** Where it went: the digest channel, else the owner's DM; null when the rules doc names neither. */
  to: string | null;
}

/**
 * The weekly digest to the rules doc's digest channel (or the owner's DM), once per week, held over quiet hours. A
 * quiet week gets one line, not silence: silence reads as "is it still running?".
 */
export async function sendWeeklyDigest(deps: DigestDeps, rules: Rules, now: Date, period?: string): Promise<DigestResult> {
  const today = localDate(now, rules.timezone);
  const week = period ? { from: dayOffset(period, -6), to: period } : digestWeek(today);
  const to = rules.digestChannel ?? rules.owner;
  const result: DigestResult = { delivery: { kind: 'already-sent' }, digest: null, to };
  result.delivery = await deliverReport(deps, 'weekly-digest', week.to, rules, now, async () => {
    result.digest = weeklyDigest(await digestFacts(deps, week, today, rules.timezone));
    if (!to) return false;
    const message = weeklyDigestMessage(result.digest, rules.currency);
    if (rules.digestChannel) await deps.chat.post(rules.digestChannel, message);
    else await deps.chat.dm(to, message);
    return true;
  });
  return result;
}
