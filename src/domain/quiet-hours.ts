import type { MinuteOfDay, QuietHours, Rules, Weekday } from './types';

/**
 * Quiet hours, business days and holidays: when the bot may speak.
 *
 * Everything is judged by the business's wall clock in `rules.timezone`. Internally a wall-clock time is a plain
 * number: milliseconds since 1970-01-01 00:00 *local*, so calendar arithmetic (next day, 08:00) is integer
 * arithmetic and only the wall ⇄ instant conversion needs the timezone.
 *
 * DST choices (Europe/London as the example):
 * - Spring gap (01:00 → 02:00 on the last Sunday of March): a wall time that does not exist is reached at the first
 *   real instant after the gap. A window ending at 01:30 therefore ends at 02:00 BST (01:00Z).
 * - Fall-back repeat (02:00 BST → 01:00 GMT on the last Sunday of October): an ambiguous wall time means its first
 *   occurrence that is still at or after `now`. A window ending at 01:30 ends at 01:30 BST (00:30Z); if `now` is
 *   already in the repeated hour (01:10 GMT), it ends at 01:30 GMT (01:30Z).
 * - The repeated hour is judged by its wall clock each time it occurs, so `isQuiet` and `nextBusinessMinute` never
 *   disagree: the result is never quiet and every instant from `now` up to it is quiet.
 */

export type CalendarRules = Pick<Rules, 'timezone' | 'quietHours' | 'businessDays' | 'holidays'>;
export type DeliveryRules = CalendarRules & Pick<Rules, 'urgentIgnoresQuietHours'>;

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Far enough for any real calendar (a year of holidays), near enough that a broken rules doc fails fast. */
const HORIZON_DAYS = 400;

/**
 * Offset of `timezone` from UTC at an instant, in ms (wall = instant + offset).
 * Not date-fns-tz: `toZonedTime`/`formatInTimeZone` rebuild the wall time through the *host's* local clock, so on a
 * machine whose own DST gap coincides they shift it by an hour (e.g. London 02:30 read as 03:30 on a New York host
 * on 2026-03-08), and `getTimezoneOffset` treats its argument as a wall time, which is ambiguous in the repeated
 * hour (London's comes out wrong on a New York host). Intl's offset for an instant is exact on any host.
 */
const offsetFormats = new Map<string, Intl.DateTimeFormat>();
function offsetAt(instant: number, timezone: string): number {
  let format = offsetFormats.get(timezone);
  if (!format) {
    // Throws RangeError for an unknown zone: better than silently using UTC.
    format = new Intl.DateTimeFormat('en-US', { timeZone: timezone, timeZoneName: 'longOffset' });
    offsetFormats.set(timezone, format);
  }
  // "7/8/2026, GMT+01:00"; plain "GMT" at offset zero.
  const match = /GMT(?:([+-])(\d\d):(\d\d)(?::(\d\d))?)?$/.exec(format.format(instant));
  if (!match) throw new Error(`cannot read the UTC offset of timezone ${timezone}`);
  const [, sign, hh = '0', mm = '0', ss = '0'] = match;
  const ms = (Number(hh) * 3600 + Number(mm) * 60 + Number(ss)) * 1000;
  return sign === '-' ? -ms : ms;
}

const dayOf = (wall: number): number => Math.floor(wall / DAY);
const minuteOf = (wall: number): number => Math.floor((wall - dayOf(wall) * DAY) / MINUTE);
const isoDate = (day: number): string => new Date(day * DAY).toISOString().slice(0, 10);
/** 1970-01-01 (day 0) was a Thursday, ISO weekday 4. */
const weekdayOf = (day: number): Weekday => (((((day + 3) % 7) + 7) % 7) + 1) as Weekday;

function isOpenDay(day: number, rules: CalendarRules): boolean {
  // Formatting the date is the costly part, so only when there are holidays to compare with.
  if (!rules.businessDays.includes(weekdayOf(day))) return false;
  return rules.holidays.length === 0 || !rules.holidays.includes(isoDate(day));
}

function inWindow(minute: number, window: QuietHours | null): boolean {
  if (!window || window.start === window.end) return false;
  return window.start < window.end ? minute >= window.start && minute < window.end : minute >= window.start || minute < window.end; // crosses midnight
}

function horizonError(): Error {
  return new Error(`no business minute in the next ${HORIZON_DAYS} days: check business days and holidays in the rules doc`);
}

/** The local calendar date, `yyyy-MM-dd` (the key for "one draft per day"). */
export function localDate(now: Date, timezone: string): string {
  const t = now.getTime();
  return isoDate(dayOf(t + offsetAt(t, timezone)));
}

/** True inside the quiet window, or on a day that is not a business day, or on a holiday (all local). */
export function isQuiet(now: Date, rules: CalendarRules): boolean {
  const t = now.getTime();
  const wall = t + offsetAt(t, rules.timezone);
  return !isOpenDay(dayOf(wall), rules) || inWindow(minuteOf(wall), rules.quietHours);
}

/**
 * `now` itself when not quiet, else the first whole local minute after `now` that is not quiet.
 * Jumps from one wall-clock edge to the next (window end, next open day's midnight, a DST change): a handful of
 * steps per call, however long the quiet stretch.
 */
export function nextBusinessMinute(now: Date, rules: CalendarRules): Date {
  if (!isQuiet(now, rules)) return now;
  const { timezone, quietHours } = rules;
  const limit = now.getTime() + HORIZON_DAYS * DAY;
  let t = now.getTime();
  let offset = offsetAt(t, timezone);
  for (;;) {
    const wall = t + offset;
    const day = dayOf(wall);
    const minute = minuteOf(wall);
    let target: number; // the wall time at which this quiet stretch ends
    if (!isOpenDay(day, rules)) {
      target = nextOpenDay(day, rules) * DAY;
    } else if (quietHours && inWindow(minute, quietHours)) {
      // Inside a window that crosses midnight, the evening part ends tomorrow morning.
      const endDay = quietHours.start > quietHours.end && minute >= quietHours.start ? day + 1 : day;
      target = endDay * DAY + quietHours.end * MINUTE;
    } else {
      return new Date(t);
    }
    // With the offset unchanged the target is reached at `guess`; being the pre-change reading it is also the
    // first occurrence of a repeated wall time. If the offset changed on the way, stop at the change instead and
    // look again: that is where a skipped target lands (first instant after the gap) and where a fall-back can
    // carry the wall clock out of the window early.
    const guess = target - offset;
    const guessOffset = offsetAt(guess, timezone);
    if (guessOffset === offset) t = guess;
    else ({ t, offset } = firstOffsetChange(t, offset, guess, guessOffset, timezone));
    if (t > limit) throw horizonError();
  }
}

/** The first open local day after `day`. */
function nextOpenDay(day: number, rules: CalendarRules): number {
  for (let d = day + 1; d <= day + HORIZON_DAYS; d++) if (isOpenDay(d, rules)) return d;
  throw horizonError();
}

/**
 * The first whole minute in (from, to] where the offset is no longer `fromOffset` (it is `toOffset` at `to`).
 * Binary search on whole minutes: zones change offset on whole minutes, so the answer stays minute-aligned.
 */
function firstOffsetChange(
  from: number,
  fromOffset: number,
  to: number,
  toOffset: number,
  timezone: string,
): { t: number; offset: number } {
  let lo = Math.floor(from / MINUTE) * MINUTE;
  let [hi, hiOffset] = [to, toOffset];
  while (hi - lo > MINUTE) {
    // At least one minute forward, so odd historic offsets with seconds cannot stall the search.
    const mid = lo + Math.max(1, Math.floor((hi - lo) / MINUTE / 2)) * MINUTE;
    const midOffset = offsetAt(mid, timezone);
    if (midOffset === fromOffset) lo = mid;
    else [hi, hiOffset] = [mid, midOffset];
  }
  return { t: hi, offset: hiOffset };
}

/**
 * When a notification created at `now` goes out: at once if urgent and the rules let urgent through,
 * else at the next business minute.
 */
export function deliveryTime(now: Date, rules: DeliveryRules, urgent: boolean): Date {
  return urgent && rules.urgentIgnoresQuietHours ? now : nextBusinessMinute(now, rules);
}

/** The business's wall clock at `now`: its local date, minute of the day, ISO weekday and day of the month. */
export function localClock(now: Date, timezone: string): { date: string; minute: MinuteOfDay; weekday: Weekday; dayOfMonth: number } {
  const t = now.getTime();
  const wall = t + offsetAt(t, timezone);
  const date = isoDate(dayOf(wall));
  return { date, minute: minuteOf(wall), weekday: weekdayOf(dayOf(wall)), dayOfMonth: Number(date.slice(8, 10)) };
}

/** Whether `now` falls on a business day (the rules doc's business days, less its holidays) in the business's timezone. */
export function isBusinessDay(now: Date, rules: CalendarRules): boolean {
  const t = now.getTime();
  return isOpenDay(dayOf(t + offsetAt(t, rules.timezone)), rules);
}
