import { agedVariancesMessage, countReminderMessage, type AgedVariance } from '../../views/sweep-messages';
import { localDate } from '../domain/quiet-hours';
import type { Rules } from '../domain/types';
import type { Deps } from './deps';
import { deliverReport, type ReportDelivery } from './report-delivery';

export type SweepDeps = Pick<Deps, 'store' | 'documents' | 'chat' | 'scheduler'>;

const DAY_MS = 86_400_000;
/** How far back "last counted" looks; a location not counted in a year is told it has not been counted. */
const LAST_COUNT_LOOKBACK_DAYS = 366;

export interface SweepResult {
  delivery: ReportDelivery;
  /** Variances re-surfaced to their approvers today. */
  reminded: number;
  /** Locations reminded to count. */
  locations: string[];
}

/**
 * The morning sweep (once a day, at the next business minute): each variance waiting longer than `aged variance days`
 * is re-surfaced to its approver (the location's approver, else the owner), in one DM per approver, once a day; and
 * each location not counted within `count reminder days` gets a reminder in its channel with Start count, once per
 * reminder period. Variances of closed counts are included: they still hold the stock sheet's numbers back.
 */
export async function varianceSweep(deps: SweepDeps, rules: Rules, now: Date, day = localDate(now, rules.timezone)): Promise<SweepResult> {
  const result: SweepResult = { delivery: { kind: 'already-sent' }, reminded: 0, locations: [] };
  result.delivery = await deliverReport(deps, 'variance-sweep', day, rules, now, async () => {
    result.reminded = await remindApprovers(deps, rules, now, day);
    result.locations = await remindCounts(deps, rules, now, day);
    return result.reminded > 0 || result.locations.length > 0;
  });
  return result;
}

async function remindApprovers(deps: SweepDeps, rules: Rules, now: Date, today: string): Promise<number> {
  const byApprover = new Map<string, AgedVariance[]>();
  for (const line of await deps.store.counts.waitingVariances()) {
    // Calendar days in the shop's timezone: a variance from Monday afternoon is two days old on Wednesday morning.
    const since = localDate(new Date(line.waiting_since ?? now.toISOString()), rules.timezone);
    const days = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${since}T00:00:00Z`)) / DAY_MS);
    if (days < rules.agedVarianceDays) continue;
    const approver = rules.locationApprovers[line.location.toLowerCase()] ?? rules.owner;
    if (!approver) continue;
    if (!(await deps.store.counts.claimReminder(line, today))) continue;
    byApprover.set(approver, [...(byApprover.get(approver) ?? []), { line, days }]);
  }
  let reminded = 0;
  for (const [approver, aged] of byApprover) {
    aged.sort((a, b) => b.days - a.days);
    await deps.chat.dm(approver, agedVariancesMessage(aged, rules.currency));
    reminded += aged.length;
  }
  return reminded;
}

async function remindCounts(deps: SweepDeps, rules: Rules, now: Date, today: string): Promise<string[]> {
  const items = await deps.documents.readStockSheet();
  const locations = [...new Map(items.map((i) => [i.location.toLowerCase(), i.location])).values()];
  const since = new Date(now.getTime() - LAST_COUNT_LOOKBACK_DAYS * DAY_MS).toISOString();
  const [closed, active] = await Promise.all([deps.store.counts.listClosedSince(since), deps.store.counts.listActive()]);
  const last = new Map<string, string>();
  for (const s of [...closed, ...active]) {
    const key = s.location.toLowerCase();
    if ((last.get(key) ?? '') < s.opened_at) last.set(key, s.opened_at);
  }
  const due = now.getTime() - rules.countReminderDays * DAY_MS;
  const reminded: string[] = [];
  for (const location of locations) {
    const lastAt = last.get(location.toLowerCase());
    if (lastAt && Date.parse(lastAt) > due) continue;
    const channel = rules.locationChannels[location.toLowerCase()];
    if (!channel) continue;
    // Once per reminder period, not every morning: a location a month overdue hears it once a month.
    const period = Math.floor(Date.parse(`${today}T00:00:00Z`) / DAY_MS / rules.countReminderDays);
    if (!(await deps.store.dedupe.firstTime(`count-reminder#${location.toLowerCase()}#${period}`, now))) continue;
    const lastCounted = lastAt ? localDate(new Date(lastAt), rules.timezone) : null;
    await deps.chat.post(channel, countReminderMessage({ location, lastCounted, days: rules.countReminderDays }));
    reminded.push(location);
  }
  return reminded;
}
