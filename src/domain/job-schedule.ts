import { isBusinessDay, localClock, type CalendarRules } from './quiet-hours';
import type { MinuteOfDay, Weekday } from './types';

/**
 * When a scheduled job runs, in the business's timezone (the rules doc's): every few minutes, or at a time of day on
 * every day, on business days only (the rules doc's business days and holidays), or on the nth weekday of the month.
 */
export type JobSchedule =
  | { every: number }
  | { at: MinuteOfDay; on: 'every-day' | 'business-days' | { weekday: Weekday; nth?: 1 | 2 | 3 | 4 } };

/** Every `minutes` minutes (at least 1). */
export const everyMinutes = (minutes: number): JobSchedule => ({ every: Math.max(1, Math.floor(minutes)) });

const minuteOfDay = (hhmm: string): MinuteOfDay => {
  const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!match) throw new Error(`expected a local time like 08:00, got "${hhmm}"`);
  return Number(match[1]) * 60 + Number(match[2]);
};

/** At `hhmm` local time on the days given (every day by default). */
export const at = (hhmm: string, on: Extract<JobSchedule, { at: number }>['on'] = 'every-day'): JobSchedule => ({
  at: minuteOfDay(hhmm),
  on,
});

const DAY_NAMES = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;
const WORDS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
const ORDINAL = ['', 'first', 'second', 'third', 'fourth'] as const;
const hhmm = (minute: number): string => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/**
 * The EventBridge Scheduler expression, evaluated in the business's timezone. Business days are not a fixed set of
 * weekdays (the rules doc names them, and its holidays), so a business-day job fires every day and `occurrence`
 * turns the other days away: a shop open on Saturdays, or closed on a bank holiday, needs no redeploy.
 */
export function scheduleExpression(s: JobSchedule): string {
  if ('every' in s) return `rate(${s.every} minute${s.every === 1 ? '' : 's'})`;
  const [minute, hour] = [s.at % 60, Math.floor(s.at / 60)];
  if (typeof s.on === 'string') return `cron(${minute} ${hour} * * ? *)`;
  return `cron(${minute} ${hour} ? * ${DAY_NAMES[s.on.weekday - 1]}${s.on.nth ? `#${s.on.nth}` : ''} *)`;
}

/** In words, for `stockbot jobs` and the README: "08:00 on business days", "every 5 minutes". */
export function describeSchedule(s: JobSchedule): string {
  if ('every' in s) return s.every === 1 ? 'every minute' : `every ${s.every} minutes`;
  if (s.on === 'every-day') return `${hhmm(s.at)} every day`;
  if (s.on === 'business-days') return `${hhmm(s.at)} on business days`;
  const day = WORDS[s.on.weekday - 1];
  return s.on.nth ? `${hhmm(s.at)} on the ${ORDINAL[s.on.nth]} ${day} of the month` : `${hhmm(s.at)} every ${day}`;
}

/**
 * The occurrence of a timed job that `now` falls in: the local date it is for, once the time of day has come on a day
 * it runs, else null. A process that starts later that day still finds the day's run due (and the caller records it,
 * so it runs once); the day after, it is gone. Jobs that run every few minutes have no occurrence to keep.
 */
export function occurrence(s: JobSchedule, now: Date, rules: CalendarRules): string | null {
  if ('every' in s) return null;
  const clock = localClock(now, rules.timezone);
  if (clock.minute < s.at) return null;
  if (s.on === 'business-days' && !isBusinessDay(now, rules)) return null;
  if (typeof s.on === 'object') {
    if (clock.weekday !== s.on.weekday) return null;
    if (s.on.nth && Math.ceil(clock.dayOfMonth / 7) !== s.on.nth) return null;
  }
  return clock.date;
}
