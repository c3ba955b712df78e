import { deliveryTime, isQuiet, localDate, nextBusinessMinute, type CalendarRules } from '../../../src/domain/quiet-hours';
import type { QuietHours, Weekday } from '../../../src/domain/types';

const hm = (h: number, m = 0): number => h * 60 + m;
const window = (start: number, end: number): QuietHours => ({ start, end });
const MON_FRI: Weekday[] = [1, 2, 3, 4, 5];
const EVERY_DAY: Weekday[] = [1, 2, 3, 4, 5, 6, 7];

/** Europe/London, quiet 18:00-08:00, Monday to Friday, no holidays; override per test. */
const rules = (overrides: Partial<CalendarRules> = {}): CalendarRules => ({
  timezone: 'Europe/London',
  quietHours: window(hm(18), hm(8)),
  businessDays: MON_FRI,
  holidays: [],
  ...overrides,
});
const at = (iso: string): Date => new Date(iso);
const next = (iso: string, r: CalendarRules = rules()): string => nextBusinessMinute(at(iso), r).toISOString();

// Calendar used below: 2026-11-23 is a Monday (GMT, London = UTC), 2026-07-06 a Monday (BST, London = UTC+1).

describe('isQuiet: the quiet window', () => {
  it('a window crossing midnight covers the evening and the early morning', () => {
    expect(isQuiet(at('2026-11-24T19:30:00Z'), rules())).toBe(true);
    expect(isQuiet(at('2026-11-24T23:59:59Z'), rules())).toBe(true);
    expect(isQuiet(at('2026-11-25T00:00:00Z'), rules())).toBe(true);
    expect(isQuiet(at('2026-11-25T03:00:00Z'), rules())).toBe(true);
  });

  it('outside a window crossing midnight it is not quiet', () => {
    expect(isQuiet(at('2026-11-24T08:30:00Z'), rules())).toBe(false);
    expect(isQuiet(at('2026-11-24T12:00:00Z'), rules())).toBe(false);
    expect(isQuiet(at('2026-11-24T17:30:00Z'), rules())).toBe(false);
  });

  it('the window start is inclusive: quiet at exactly 18:00, not a millisecond before', () => {
    expect(isQuiet(at('2026-11-24T18:00:00.000Z'), rules())).toBe(true);
    expect(isQuiet(at('2026-11-24T17:59:59.999Z'), rules())).toBe(false);
  });

  it('the window end is exclusive: no longer quiet at exactly 08:00, still quiet a millisecond before', () => {
    expect(isQuiet(at('2026-11-24T08:00:00.000Z'), rules())).toBe(false);
    expect(isQuiet(at('2026-11-24T07:59:59.999Z'), rules())).toBe(true);
  });

  it('a same-day window (start < end) is quiet only between start and end', () => {
    const lunch = rules({ quietHours: window(hm(12), hm(13)) });
    expect(isQuiet(at('2026-11-24T11:59:00Z'), lunch)).toBe(false);
    expect(isQuiet(at('2026-11-24T12:00:00Z'), lunch)).toBe(true);
    expect(isQuiet(at('2026-11-24T12:59:59Z'), lunch)).toBe(true);
    expect(isQuiet(at('2026-11-24T13:00:00Z'), lunch)).toBe(false);
    expect(isQuiet(at('2026-11-24T23:00:00Z'), lunch)).toBe(false);
    expect(isQuiet(at('2026-11-24T03:00:00Z'), lunch)).toBe(false);
  });

  it('no window (quiet hours: none) is never quiet on a business day', () => {
    const none = rules({ quietHours: null });
    for (const iso of ['2026-11-24T00:00:00Z', '2026-11-24T03:00:00Z', '2026-11-24T12:00:00Z', '2026-11-24T23:59:59Z']) {
      expect(isQuiet(at(iso), none)).toBe(false);
    }
  });

  it('start == end means no window, not a 24-hour one', () => {
    for (const edge of [0, hm(8), hm(23, 59)]) {
      const r = rules({ quietHours: window(edge, edge) });
      expect(isQuiet(at('2026-11-24T03:00:00Z'), r)).toBe(false);
      expect(isQuiet(at('2026-11-24T08:00:00Z'), r)).toBe(false);
      expect(isQuiet(at('2026-11-24T23:59:00Z'), r)).toBe(false);
    }
  });

  it('the window is read on the local wall clock, not UTC (London in summer is UTC+1)', () => {
    expect(isQuiet(at('2026-07-07T07:30:00Z'), rules())).toBe(false); // 08:30 BST
    expect(isQuiet(at('2026-07-07T06:59:59Z'), rules())).toBe(true); // 07:59 BST
    expect(isQuiet(at('2026-07-07T17:00:00Z'), rules())).toBe(true); // 18:00 BST
  });
});

describe('isQuiet: business days and holidays', () => {
  it('a day that is not a business day is quiet all day, even with no window', () => {
    const none = rules({ quietHours: null });
    expect(isQuiet(at('2026-11-28T12:00:00Z'), none)).toBe(true); // Saturday
    expect(isQuiet(at('2026-11-29T00:00:00Z'), none)).toBe(true); // Sunday
    expect(isQuiet(at('2026-11-30T00:00:00Z'), none)).toBe(false); // Monday
  });

  it('a holiday (local yyyy-MM-dd) is quiet all day', () => {
    const r = rules({ quietHours: null, holidays: ['2026-12-25'] });
    expect(isQuiet(at('2026-12-25T12:00:00Z'), r)).toBe(true);
    expect(isQuiet(at('2026-12-24T23:59:59Z'), r)).toBe(false);
    expect(isQuiet(at('2026-12-26T00:00:00Z'), rules({ quietHours: null, businessDays: EVERY_DAY }))).toBe(false);
  });

  it('the business day is the local one: 16:30Z Friday is already Saturday in Singapore', () => {
    const sg = rules({ timezone: 'Asia/Singapore', quietHours: null });
    expect(isQuiet(at('2026-11-27T15:59:00Z'), sg)).toBe(false); // Fri 23:59 SGT
    expect(isQuiet(at('2026-11-27T16:30:00Z'), sg)).toBe(true); // Sat 00:30 SGT
  });

  it('ISO weekdays: each business day in the list is open and no other', () => {
    // Mon 2026-11-23 … Sun 2026-11-29, at local noon.
    for (let iso = 1; iso <= 7; iso++) {
      const noon = at(`2026-11-${22 + iso}T12:00:00Z`);
      expect(isQuiet(noon, rules({ quietHours: null, businessDays: [iso as Weekday] }))).toBe(false);
      const others = EVERY_DAY.filter((d) => d !== iso);
      expect(isQuiet(noon, rules({ quietHours: null, businessDays: others }))).toBe(true);
    }
  });

  it('an unknown timezone is rejected, not read as UTC', () => {
    expect(() => isQuiet(at('2026-11-24T12:00:00Z'), rules({ timezone: 'Mars/Olympus_Mons' }))).toThrow(RangeError);
  });
});

describe('nextBusinessMinute', () => {
  it('returns now itself (same object, same ms) when not quiet', () => {
    const now = at('2026-11-24T10:15:42.123Z');
    const result = nextBusinessMinute(now, rules());
    expect(result).toBe(now);
    expect(result.getTime()).toBe(Date.parse('2026-11-24T10:15:42.123Z'));
  });

  it('early morning on a business day → 08:00 the same day, seconds and ms zeroed (Fri 07:59:30 → Fri 08:00)', () => {
    expect(next('2026-11-27T07:59:30.500Z')).toBe('2026-11-27T08:00:00.000Z');
    expect(next('2026-11-27T00:00:00.000Z')).toBe('2026-11-27T08:00:00.000Z');
  });

  it('the result is always a whole local minute, including in a zone with a 45-minute offset', () => {
    for (const iso of ['2026-11-24T19:30:17.999Z', '2026-11-24T07:59:59.999Z', '2026-11-28T12:34:56.789Z']) {
      const result = nextBusinessMinute(at(iso), rules());
      expect(result.getUTCSeconds()).toBe(0);
      expect(result.getUTCMilliseconds()).toBe(0);
    }
    // Kathmandu is UTC+05:45: 08:00 local is 02:15Z.
    expect(next('2026-11-24T01:00:13Z', rules({ timezone: 'Asia/Kathmandu' }))).toBe('2026-11-24T02:15:00.000Z');
  });

  it('evening on a weekday → 08:00 the next morning', () => {
    expect(next('2026-11-24T19:30:00Z')).toBe('2026-11-25T08:00:00.000Z');
  });

  it('exactly at the window start → 08:00 the next morning', () => {
    expect(next('2026-11-24T18:00:00Z')).toBe('2026-11-25T08:00:00.000Z');
  });

  it('weekend push: Friday 19:30 → Monday 08:00', () => {
    expect(next('2026-11-27T19:30:00Z')).toBe('2026-11-30T08:00:00.000Z');
  });

  it('weekend push: Saturday noon and Sunday 23:59:59 → Monday 08:00', () => {
    expect(next('2026-11-28T12:00:00Z')).toBe('2026-11-30T08:00:00.000Z');
    expect(next('2026-11-29T23:59:59.999Z')).toBe('2026-11-30T08:00:00.000Z');
  });

  it('with no window, a closed day pushes to the next open local midnight', () => {
    expect(next('2026-11-28T12:00:00Z', rules({ quietHours: null }))).toBe('2026-11-30T00:00:00.000Z');
  });

  it('a same-day window ends at its end the same day', () => {
    const lunch = rules({ quietHours: window(hm(12), hm(13)) });
    expect(next('2026-11-24T12:30:15Z', lunch)).toBe('2026-11-24T13:00:00.000Z');
    expect(next('2026-11-24T12:00:00Z', lunch)).toBe('2026-11-24T13:00:00.000Z');
  });

  it('a window ending at midnight (20:00-00:00) on a Friday runs into the weekend and ends Monday 00:00', () => {
    const late = rules({ quietHours: window(hm(20), 0) });
    expect(next('2026-11-26T21:00:00Z', late)).toBe('2026-11-27T00:00:00.000Z'); // Thursday → Friday
    expect(next('2026-11-27T21:00:00Z', late)).toBe('2026-11-30T00:00:00.000Z');
  });

  it('holiday push: a holiday Monday → Tuesday 08:00 (BST: 07:00Z)', () => {
    const r = rules({ holidays: ['2026-08-31'] });
    expect(next('2026-08-28T18:30:00Z', r)).toBe('2026-09-01T07:00:00.000Z'); // Fri 19:30 BST
    expect(next('2026-08-31T10:00:00Z', r)).toBe('2026-09-01T07:00:00.000Z'); // during the holiday itself
  });

  it('holiday push: Christmas Fri and Mon 28th off, Thu 24th 19:00 → Tue 29th 08:00 local', () => {
    const r = rules({ holidays: ['2026-12-25', '2026-12-28'] });
    expect(next('2026-12-24T19:00:00Z', r)).toBe('2026-12-29T08:00:00.000Z');
  });

  it('a business minute nearly a year away is still found (holidays on 50 Mondays)', () => {
    const mondays = Array.from({ length: 50 }, (_, i) => new Date(Date.UTC(2026, 10, 30 + 7 * i)).toISOString().slice(0, 10));
    const r = rules({ businessDays: [1], holidays: mondays });
    // The 51st Monday after 2026-11-30 is 2027-11-15 (GMT again).
    expect(next('2026-11-27T19:30:00Z', r)).toBe('2027-11-15T08:00:00.000Z');
  });

  it('no business days at all throws the clear rules-doc error', () => {
    expect(() => nextBusinessMinute(at('2026-11-24T19:30:00Z'), rules({ businessDays: [] }))).toThrow(
      'no business minute in the next 400 days: check business days and holidays in the rules doc',
    );
  });

  it('every business day within 400 days a holiday throws the same error', () => {
    const mondays = Array.from({ length: 60 }, (_, i) => new Date(Date.UTC(2026, 10, 30 + 7 * i)).toISOString().slice(0, 10));
    expect(() => next('2026-11-27T19:30:00Z', rules({ businessDays: [1], holidays: mondays }))).toThrow(
      /no business minute in the next 400 days/,
    );
  });

  it('does not mutate now', () => {
    const now = at('2026-11-27T19:30:00Z');
    nextBusinessMinute(now, rules());
    expect(now.toISOString()).toBe('2026-11-27T19:30:00.000Z');
  });
});

describe('nextBusinessMinute across DST in Europe/London (spring 2026-03-29, fall 2026-10-25)', () => {
  it('08:00 local stays 08:00 local across a change: 08:00Z in winter, 07:00Z in summer', () => {
    // Friday before the spring change (GMT) → Monday after it (BST).
    expect(next('2026-03-27T19:30:00Z')).toBe('2026-03-30T07:00:00.000Z');
    // Friday before the fall change (BST, 19:30 local) → Monday after it (GMT).
    expect(next('2026-10-23T18:30:00Z')).toBe('2026-10-26T08:00:00.000Z');
  });

  it('on the change days themselves, 08:00 local is 07:00Z (spring) and 08:00Z (fall)', () => {
    const daily = rules({ businessDays: EVERY_DAY });
    expect(next('2026-03-28T22:00:00Z', daily)).toBe('2026-03-29T07:00:00.000Z');
    expect(next('2026-03-29T00:30:00Z', daily)).toBe('2026-03-29T07:00:00.000Z'); // 00:30 GMT, before the gap
    expect(next('2026-10-24T22:00:00Z', daily)).toBe('2026-10-25T08:00:00.000Z'); // 23:00 BST
    expect(next('2026-10-25T00:30:00Z', daily)).toBe('2026-10-25T08:00:00.000Z'); // 01:30 BST, first pass
    expect(next('2026-10-25T01:30:00Z', daily)).toBe('2026-10-25T08:00:00.000Z'); // 01:30 GMT, second pass
  });

  it('spring gap: the wall clock leaps from 00:59 GMT to 02:00 BST, past a window ending at 01:30', () => {
    const r = rules({ businessDays: EVERY_DAY, quietHours: window(hm(18), hm(1, 30)) });
    expect(isQuiet(at('2026-03-29T00:59:59Z'), r)).toBe(true); // 00:59 GMT
    expect(isQuiet(at('2026-03-29T01:00:00Z'), r)).toBe(false); // 02:00 BST
  });

  it('spring gap: a window ending at a wall time that does not exist ends at the first instant after the gap (02:00 BST)', () => {
    for (const end of [hm(1), hm(1, 30), hm(1, 59), hm(2)]) {
      const r = rules({ businessDays: EVERY_DAY, quietHours: window(hm(18), end) });
      expect(next('2026-03-29T00:30:00Z', r)).toBe('2026-03-29T01:00:00.000Z');
      expect(next('2026-03-28T20:00:00Z', r)).toBe('2026-03-29T01:00:00.000Z');
    }
  });

  it('spring gap: a window starting inside the gap is quiet from 02:00 BST', () => {
    const r = rules({ businessDays: EVERY_DAY, quietHours: window(hm(1, 30), hm(6)) });
    expect(isQuiet(at('2026-03-29T00:59:00Z'), r)).toBe(false); // 00:59 GMT
    expect(isQuiet(at('2026-03-29T01:00:00Z'), r)).toBe(true); // 02:00 BST
    expect(next('2026-03-29T01:00:00Z', r)).toBe('2026-03-29T05:00:00.000Z'); // 06:00 BST
  });

  it('fall-back: a window ending in the repeated hour ends at its first occurrence (01:30 BST = 00:30Z)', () => {
    const r = rules({ businessDays: EVERY_DAY, quietHours: window(hm(18), hm(1, 30)) });
    expect(next('2026-10-25T00:10:00Z', r)).toBe('2026-10-25T00:30:00.000Z'); // from 01:10 BST
    expect(next('2026-10-24T19:00:00Z', r)).toBe('2026-10-25T00:30:00.000Z'); // from 20:00 BST the day before
  });

  it('fall-back: the repeated hour is judged by its wall clock again, so 01:10 GMT is quiet and ends at 01:30 GMT', () => {
    const r = rules({ businessDays: EVERY_DAY, quietHours: window(hm(18), hm(1, 30)) });
    expect(isQuiet(at('2026-10-25T00:45:00Z'), r)).toBe(false); // 01:45 BST
    expect(isQuiet(at('2026-10-25T01:10:00Z'), r)).toBe(true); // 01:10 GMT
    expect(next('2026-10-25T01:10:00Z', r)).toBe('2026-10-25T01:30:00.000Z'); // 01:30 GMT, the first one still ahead
  });

  it('fall-back: falling from 01:59 BST to 01:00 GMT can leave a window that starts at 01:30', () => {
    const r = rules({ businessDays: EVERY_DAY, quietHours: window(hm(1, 30), hm(8)) });
    expect(isQuiet(at('2026-10-25T00:45:00Z'), r)).toBe(true); // 01:45 BST
    expect(next('2026-10-25T00:45:00Z', r)).toBe('2026-10-25T01:00:00.000Z'); // 01:00 GMT, outside the window
    expect(next('2026-10-25T01:30:00Z', r)).toBe('2026-10-25T08:00:00.000Z'); // 01:30 GMT, in it again
  });
});

describe('nextBusinessMinute in other zones', () => {
  it('Asia/Singapore (UTC+8, no DST): 08:00 local is 00:00Z, Friday evening → Monday 08:00 SGT', () => {
    const sg = rules({ timezone: 'Asia/Singapore' });
    expect(next('2026-11-23T23:59:00Z', sg)).toBe('2026-11-24T00:00:00.000Z'); // Tue 07:59 SGT
    expect(next('2026-11-27T11:30:00Z', sg)).toBe('2026-11-30T00:00:00.000Z'); // Fri 19:30 SGT
  });

  it('America/New_York: 08:00 local is 13:00Z before and 12:00Z after the 2026-03-08 spring change', () => {
    const ny = rules({ timezone: 'America/New_York' });
    expect(next('2026-03-06T00:30:00Z', ny)).toBe('2026-03-06T13:00:00.000Z'); // Thu 19:30 EST → Fri 08:00 EST
    expect(next('2026-03-07T00:30:00Z', ny)).toBe('2026-03-09T12:00:00.000Z'); // Fri 19:30 EST → Mon 08:00 EDT
    expect(next('2026-10-30T23:30:00Z', ny)).toBe('2026-11-02T13:00:00.000Z'); // Fri 19:30 EDT → Mon 08:00 EST
  });
});

/**
 * A brute-force oracle: walk every minute around each DST change with `isQuiet` and check that
 * `nextBusinessMinute` picks the first non-quiet one (so it never disagrees with `isQuiet` and never skips ahead).
 */
describe('nextBusinessMinute agrees with a minute-by-minute scan around DST changes', () => {
  const MINUTE = 60_000;
  const changes: Array<[string, string[]]> = [
    ['Europe/London', ['2026-03-29', '2026-10-25']],
    ['America/New_York', ['2026-03-08', '2026-11-01']],
    ['Australia/Lord_Howe', ['2026-04-05', '2026-10-04']], // southern hemisphere, and a 30-minute change
  ];
  const windows: Array<QuietHours | null> = [
    null,
    window(hm(18), hm(8)),
    window(hm(12), hm(13)),
    window(hm(1, 30), hm(3)),
    window(hm(0, 30), hm(2, 30)),
    window(hm(2, 15), hm(1, 45)),
    window(hm(2), hm(2, 30)),
  ];
  // Every change below is on a Sunday: with every day open the windows meet the change itself; Monday to Friday
  // checks the weekend push across it.
  const label = (q: QuietHours | null) => (q === null ? 'none' : `${q.start}-${q.end}`);
  const cases = changes.flatMap(([timezone, days]) =>
    days.flatMap((day) => [
      ...windows.map((quietHours) => ({ timezone, day, quietHours, window: label(quietHours), businessDays: EVERY_DAY })),
      ...windows.slice(0, 2).map((quietHours) => ({ timezone, day, quietHours, window: label(quietHours), businessDays: MON_FRI })),
    ]),
  );

  it.each(cases)('$timezone $day window $window days $businessDays', (c) => {
    const r = rules({ timezone: c.timezone, quietHours: c.quietHours, businessDays: c.businessDays });
    // From the Friday before (UTC) through Sunday; the scan runs on to Tuesday so every answer is inside it.
    const from = Date.parse(`${c.day}T00:00:00Z`) - 2 * 86_400_000;
    const minutes = 5 * 1440;
    const quiet = Array.from({ length: minutes }, (_, i) => isQuiet(new Date(from + i * MINUTE), r));
    const firstOpen: number[] = new Array<number>(minutes + 1).fill(Infinity);
    for (let i = minutes - 1; i >= 0; i--) firstOpen[i] = quiet[i] ? firstOpen[i + 1]! : i;
    const mismatches: string[] = [];
    for (let i = 0; i < 3 * 1440; i += 11) {
      for (const extra of [0, 29_500]) {
        const now = new Date(from + i * MINUTE + extra);
        const expected = quiet[i] ? from + firstOpen[i + 1]! * MINUTE : now.getTime();
        const actual = nextBusinessMinute(now, r).getTime();
        if (!Number.isFinite(expected) || actual !== expected) {
          mismatches.push(`${now.toISOString()} → ${new Date(actual).toISOString()}, expected ${expected}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});

describe('deliveryTime', () => {
  const quietNow = at('2026-11-24T19:30:00Z');
  const morning = '2026-11-25T08:00:00.000Z';

  it('urgent with urgentIgnoresQuietHours → now, even in quiet hours', () => {
    expect(deliveryTime(quietNow, { ...rules(), urgentIgnoresQuietHours: true }, true)).toBe(quietNow);
  });

  it('urgent without the override waits for the next business minute', () => {
    expect(deliveryTime(quietNow, { ...rules(), urgentIgnoresQuietHours: false }, true).toISOString()).toBe(morning);
  });

  it('the override is for urgent only: a non-urgent notification still waits', () => {
    expect(deliveryTime(quietNow, { ...rules(), urgentIgnoresQuietHours: true }, false).toISOString()).toBe(morning);
  });

  it('outside quiet hours everything goes now', () => {
    const now = at('2026-11-24T10:00:00Z');
    for (const urgent of [true, false]) {
      for (const urgentIgnoresQuietHours of [true, false]) {
        expect(deliveryTime(now, { ...rules(), urgentIgnoresQuietHours }, urgent)).toBe(now);
      }
    }
  });
});

describe('localDate', () => {
  it('in winter London is UTC: 23:30Z is still the same day', () => {
    expect(localDate(at('2026-11-22T23:30:00Z'), 'Europe/London')).toBe('2026-11-22');
  });

  it('in summer London is ahead of UTC: 23:30Z is already tomorrow, local midnight starts the new day', () => {
    expect(localDate(at('2026-07-01T22:59:59.999Z'), 'Europe/London')).toBe('2026-07-01');
    expect(localDate(at('2026-07-01T23:00:00.000Z'), 'Europe/London')).toBe('2026-07-02');
    expect(localDate(at('2026-07-01T23:30:00Z'), 'Europe/London')).toBe('2026-07-02');
  });

  it('a zone ahead of UTC rolls over before UTC midnight (Singapore, Kiritimati UTC+14)', () => {
    expect(localDate(at('2026-11-22T15:59:59Z'), 'Asia/Singapore')).toBe('2026-11-22');
    expect(localDate(at('2026-11-22T16:00:00Z'), 'Asia/Singapore')).toBe('2026-11-23');
    expect(localDate(at('2026-12-31T10:00:00Z'), 'Pacific/Kiritimati')).toBe('2027-01-01');
  });

  it('a zone behind UTC is still on yesterday just after UTC midnight (New York)', () => {
    expect(localDate(at('2026-07-01T03:30:00Z'), 'America/New_York')).toBe('2026-06-30');
    expect(localDate(at('2026-07-01T04:00:00Z'), 'America/New_York')).toBe('2026-07-01');
    expect(localDate(at('2027-01-01T04:59:59Z'), 'America/New_York')).toBe('2026-12-31');
  });

  it('UTC itself', () => {
    expect(localDate(at('2026-11-22T23:59:59.999Z'), 'UTC')).toBe('2026-11-22');
  });
});
