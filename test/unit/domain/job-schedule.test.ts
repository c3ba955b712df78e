import { at, describeSchedule, everyMinutes, occurrence, scheduleExpression, type JobSchedule } from '../../../src/domain/job-schedule';
import type { CalendarRules } from '../../../src/domain/quiet-hours';

/** Europe/London, Monday to Friday, no holidays; override per test. */
const rules = (overrides: Partial<CalendarRules> = {}): CalendarRules => ({
  timezone: 'Europe/London',
  quietHours: null,
  businessDays: [1, 2, 3, 4, 5],
  holidays: [],
  ...overrides,
});
const when = (s: JobSchedule, iso: string, r = rules()) => occurrence(s, new Date(iso), r);

// 2026-11-23 is a Monday (London = UTC); 2026-07-06 a Monday (London = UTC+1).

describe('occurrence: which run of a timed job `now` falls in', () => {
  const eight = at('08:00', 'business-days');

  it('is due from its local time on a business day, not before, and the occurrence is that local date', () => {
    expect(when(eight, '2026-11-23T07:59:00Z')).toBeNull();
    expect(when(eight, '2026-11-23T08:00:00Z')).toBe('2026-11-23');
    expect(when(eight, '2026-11-23T23:59:00Z')).toBe('2026-11-23');
  });

  it("follows the rules doc's business days and holidays, not a fixed Monday to Friday", () => {
    expect(when(eight, '2026-11-22T09:00:00Z')).toBeNull(); // Sunday
    expect(when(eight, '2026-11-28T09:00:00Z')).toBeNull(); // Saturday
    expect(when(eight, '2026-11-28T09:00:00Z', rules({ businessDays: [1, 2, 3, 4, 5, 6] }))).toBe('2026-11-28');
    expect(when(eight, '2026-12-25T09:00:00Z', rules({ holidays: ['2026-12-25'] }))).toBeNull();
  });

  it('reads the clock in the business timezone (08:00 in London summer is 07:00Z)', () => {
    expect(when(eight, '2026-07-06T06:59:00Z')).toBeNull();
    expect(when(eight, '2026-07-06T07:00:00Z')).toBe('2026-07-06');
    // 23:30Z on a Sunday is already Monday 00:30 in Auckland, a business day there.
    expect(when(at('00:15', 'business-days'), '2026-11-22T23:30:00Z', rules({ timezone: 'Pacific/Auckland' }))).toBe('2026-11-23');
  });

  it('every day, a weekday, or the nth weekday of the month', () => {
    expect(when(at('18:00'), '2026-11-22T18:00:00Z')).toBe('2026-11-22');
    const sunday = at('18:00', { weekday: 7 });
    expect(when(sunday, '2026-11-22T18:00:00Z')).toBe('2026-11-22');
    expect(when(sunday, '2026-11-23T18:00:00Z')).toBeNull();
    const firstMonday = at('09:00', { weekday: 1, nth: 1 });
    expect(when(firstMonday, '2026-12-07T09:00:00Z')).toBe('2026-12-07');
    expect(when(firstMonday, '2026-12-14T09:00:00Z')).toBeNull();
    expect(when(firstMonday, '2026-11-02T09:00:00Z')).toBe('2026-11-02');
  });

  it('a job that runs every few minutes has no occurrence to keep', () => {
    expect(when(everyMinutes(5), '2026-11-23T08:00:00Z')).toBeNull();
  });
});

describe('scheduleExpression: the EventBridge Scheduler expression', () => {
  it('rates, and cron with the day-of-week or day-of-month left open as EventBridge requires', () => {
    expect(scheduleExpression(everyMinutes(1))).toBe('rate(1 minute)');
    expect(scheduleExpression(everyMinutes(15))).toBe('rate(15 minutes)');
    // Business days are checked by the job against the rules doc, so the schedule fires every day.
    expect(scheduleExpression(at('08:00', 'business-days'))).toBe('cron(0 8 * * ? *)');
    expect(scheduleExpression(at('07:30'))).toBe('cron(30 7 * * ? *)');
    expect(scheduleExpression(at('18:00', { weekday: 7 }))).toBe('cron(0 18 ? * SUN *)');
    expect(scheduleExpression(at('09:00', { weekday: 1, nth: 1 }))).toBe('cron(0 9 ? * MON#1 *)');
  });
});

describe('describeSchedule and the schedule builders', () => {
  it('says when in words', () => {
    expect(describeSchedule(everyMinutes(1))).toBe('every minute');
    expect(describeSchedule(everyMinutes(5))).toBe('every 5 minutes');
    expect(describeSchedule(at('08:00', 'business-days'))).toBe('08:00 on business days');
    expect(describeSchedule(at('07:00'))).toBe('07:00 every day');
    expect(describeSchedule(at('18:00', { weekday: 7 }))).toBe('18:00 every Sunday');
    expect(describeSchedule(at('09:00', { weekday: 1, nth: 1 }))).toBe('09:00 on the first Monday of the month');
  });

  it('refuses a time of day that is not one, and keeps a rate at one minute or more', () => {
    expect(() => at('8am')).toThrow('expected a local time like 08:00, got "8am"');
    expect(() => at('24:00')).toThrow();
    expect(everyMinutes(0)).toEqual({ every: 1 });
  });
});
