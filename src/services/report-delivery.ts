import { nextBusinessMinute } from '../domain/quiet-hours';
import type { Rules } from '../domain/types';
import type { Deps } from './deps';

export type ReportDeliveryDeps = Pick<Deps, 'store' | 'scheduler'>;

export type ReportDelivery =
  /** `posted`: whether it had anything to say (a sweep with nothing aged posts nothing). */
  | { kind: 'sent'; posted: boolean }
  /** Quiet hours: held until `until`, when the deliver-drafts job sends it. */
  | { kind: 'held'; until: Date }
  /** This period's report went out already (a second run, a retried message). */
  | { kind: 'already-sent' };

/**
 * A scheduled report for one period (a day, a week, a month), sent once: at once outside quiet hours, else held until
 * the next business minute. `send` builds the report from what is stored when it runs, so a held report is as fresh as
 * the minute it goes out. A claim is taken before sending and given back if sending fails, so a failure is retried by
 * the next run and a success is never repeated.
 */
export async function deliverReport(
  deps: ReportDeliveryDeps,
  report: string,
  period: string,
  rules: Rules,
  now: Date,
  send: () => Promise<boolean>,
): Promise<ReportDelivery> {
  const at = nextBusinessMinute(now, rules);
  if (at.getTime() > now.getTime()) {
    if (await deps.store.reports.wasSent(report, period)) return { kind: 'already-sent' };
    await deps.store.reports.hold(report, period, at);
    // Only a hint: the held report is stored, and any later run of the deliver-drafts job sends it.
    await deps.scheduler.wakeAt(at).catch(() => {});
    return { kind: 'held', until: at };
  }
  if (!(await deps.store.reports.claim(report, period, now.toISOString()))) return { kind: 'already-sent' };
  let posted: boolean;
  try {
    posted = await send();
  } catch (err) {
    await deps.store.reports.release(report, period);
    throw err;
  }
  await deps.store.reports.unhold(report, period);
  return { kind: 'sent', posted };
}

/** A report the deliver-drafts job can send once its held time has come: its name, and how to send a period's. */
export interface HeldReportSender {
  report: string;
  send(deps: Deps, period: string, rules: Rules, now: Date): Promise<ReportDelivery>;
}

/** Sends every held report whose time has come (the deliver-drafts job); the number that posted anything. */
export async function deliverHeldReports(deps: Deps, senders: readonly HeldReportSender[], rules: Rules, now: Date): Promise<number> {
  let sent = 0;
  for (const s of senders) {
    const held = await deps.store.reports.held(s.report);
    if (!held || Date.parse(held.deliver_at) > now.getTime()) continue;
    const outcome = await s.send(deps, held.period, rules, now);
    if (outcome.kind === 'sent' && outcome.posted) sent += 1;
    if (outcome.kind !== 'held') await deps.store.reports.unhold(s.report, held.period);
  }
  return sent;
}
