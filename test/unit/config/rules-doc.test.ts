import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_RULES, parseRulesDoc, readRulesDocFile } from '../../../src/config/rules-doc';
import type { Rules } from '../../../src/domain/types';
import { problemsOf, problemsOfAsync } from './problems';

const parse = (...lines: string[]): Rules => parseRulesDoc(lines.join('\n'), 'rules.txt');
const problems = (...lines: string[]): string[] => problemsOf(() => parse(...lines));

/** A rules doc with every key set. */
const FULL = `timezone: Europe/London
quiet hours: 18:00-08:00
urgent ignores quiet hours: no
business days: mon-fri
holidays: 2026-12-25, 2026-12-26
watch margin: 10%
days of cover: 30
order cap: 500
default safety buffer: 0
skip cooldown days: 1
fallback supplier: Acme Wholesale
category buffer: cleaning = 10
category supplier: cleaning = Acme Wholesale
backup supplier: BEAN-HB = Speedy Beans
owner: U0OWNER
owner email: owner@example.com
digest channel: C0DIGEST
materiality: 2 units and 1%, or 20
location approver: Fixings = U0PRIYA
location channel: Fixings = C0FIX
pos location: 655441491 = main
pos location: * = Main
count reminder days: 30
aged variance days: 2
draft expiry days: 7
currency: GBP
intake senders: *@Your-Shop.example, alex@gmail.com
summary recipients: owner@example.com, accounts@example.com
`;

const FULL_RULES: Rules = {
  timezone: 'Europe/London',
  quietHours: { start: 1080, end: 480 },
  urgentIgnoresQuietHours: false,
  businessDays: [1, 2, 3, 4, 5],
  holidays: ['2026-12-25', '2026-12-26'],
  watchMargin: 0.1,
  daysOfCover: 30,
  orderCap: 500,
  defaultSafetyBuffer: 0,
  skipCooldownDays: 1,
  fallbackSupplier: 'Acme Wholesale',
  categoryBuffers: { cleaning: 10 },
  categorySuppliers: { cleaning: 'Acme Wholesale' },
  backupSuppliers: { 'bean-hb': 'Speedy Beans' },
  owner: 'U0OWNER',
  ownerEmail: 'owner@example.com',
  digestChannel: 'C0DIGEST',
  materiality: { units: 2, percent: 0.01, value: 20 },
  locationApprovers: { fixings: 'U0PRIYA' },
  locationChannels: { fixings: 'C0FIX' },
  posLocations: { '655441491': 'main', '*': 'Main' },
  countReminderDays: 30,
  agedVarianceDays: 2,
  draftExpiryDays: 7,
  currency: 'GBP',
  intakeSenders: ['*@your-shop.example', 'alex@gmail.com'],
  summaryRecipients: ['owner@example.com', 'accounts@example.com'],
};

describe('parseRulesDoc: who may mail documents in, and who gets the monthly summary', () => {
  it('refuses a sender that is neither an address nor a whole domain, and a recipient that is not an address', () => {
    expect(problems('intake senders: *@*, alex@', 'summary recipients: accounts')).toEqual([
      'rules.txt line 1: "intake senders": expected addresses like "alex@gmail.com" or a whole domain like "*@your-shop.example", got "*@*"',
      'rules.txt line 1: "intake senders": expected addresses like "alex@gmail.com" or a whole domain like "*@your-shop.example", got "alex@"',
      'rules.txt line 2: "summary recipients": expected an email address like "owner@example.com", got "accounts"',
    ]);
  });
});

describe('parseRulesDoc: good docs', () => {
  it('an empty doc is all defaults', () => {
    expect(parseRulesDoc('', 'rules.txt')).toEqual(DEFAULT_RULES);
    expect(DEFAULT_RULES).toMatchObject({
      timezone: 'UTC',
      quietHours: { start: 18 * 60, end: 8 * 60 },
      businessDays: [1, 2, 3, 4, 5],
      watchMargin: 0.1,
      orderCap: 500,
      materiality: { units: 2, percent: 0.01, value: 20 },
      currency: 'GBP',
      owner: null,
      holidays: [],
    });
  });

  it('reads every key of the documented example', () => {
    expect(parseRulesDoc(FULL, 'rules.txt')).toEqual(FULL_RULES);
  });

  it('skips comments and blank lines, and drops a trailing " # comment"', () => {
    const rules = parse(
      '# The shop rules',
      '',
      '   # indented comment',
      'order cap: 250   # the most in one go',
      'fallback supplier: Shop #5 Supplies',
    );
    expect(rules.orderCap).toBe(250);
    expect(rules.fallbackSupplier).toBe('Shop #5 Supplies');
  });

  it('matches keys case-insensitively with spaces, underscores and dashes alike', () => {
    expect(parse('Quiet_Hours: 19:30-07:15', 'WATCH-MARGIN: 12.5%', '  Days of Cover :  14').quietHours).toEqual({ start: 1170, end: 435 });
    expect(parse('WATCH-MARGIN: 12.5%').watchMargin).toBe(0.125);
    expect(parse('  Days of Cover :  14').daysOfCover).toBe(14);
  });

  it('"none" or "off" turns quiet hours off, and "none" lifts the order cap', () => {
    expect(parse('quiet hours: none').quietHours).toBeNull();
    expect(parse('quiet hours: Off').quietHours).toBeNull();
    expect(parse('order cap: none').orderCap).toBeNull();
  });

  it('reads yes/no/true/false', () => {
    expect(parse('urgent ignores quiet hours: yes').urgentIgnoresQuietHours).toBe(true);
    expect(parse('urgent ignores quiet hours: TRUE').urgentIgnoresQuietHours).toBe(true);
    expect(parse('urgent ignores quiet hours: false').urgentIgnoresQuietHours).toBe(false);
  });

  it('reads business days as ranges and lists, sorted and without repeats', () => {
    const days = (v: string) => parse(`business days: ${v}`).businessDays;
    expect(days('mon-fri')).toEqual([1, 2, 3, 4, 5]);
    expect(days('mon,wed,fri')).toEqual([1, 3, 5]);
    expect(days('mon-sat')).toEqual([1, 2, 3, 4, 5, 6]);
    expect(days('sun, mon-thu')).toEqual([1, 2, 3, 4, 7]);
    expect(days('Monday - Wednesday, tues, Sat')).toEqual([1, 2, 3, 6]);
    // A range runs forward through the week.
    expect(days('fri-mon')).toEqual([1, 5, 6, 7]);
  });

  it('accumulates holidays over repeated lines, sorted and without repeats', () => {
    expect(parse('holidays: 2026-12-26, 2026-12-25', 'holidays: 2027-01-01,2026-12-25,', 'holidays: none').holidays).toEqual([
      '2026-12-25',
      '2026-12-26',
      '2027-01-01',
    ]);
  });

  it('reads the materiality tolerance with loose spacing and an optional currency symbol', () => {
    const m = (v: string) => parse(`materiality: ${v}`).materiality;
    expect(m('2 units and 1%, or 20')).toEqual({ units: 2, percent: 0.01, value: 20 });
    expect(m('2 units and 1%, or £20')).toEqual({ units: 2, percent: 0.01, value: 20 });
    expect(m('5 units and 2.5% or $1,000')).toEqual({ units: 5, percent: 0.025, value: 1000 });
    expect(m('1 unit  and  10 % ,  or  £ 7.50')).toEqual({ units: 1, percent: 0.1, value: 7.5 });
  });

  it('lower-cases map keys, canonicalises the time zone and upper-cases the currency', () => {
    const rules = parse('category buffer: Cleaning = 10', 'category buffer: DAIRY=2.5', 'timezone: europe/london', 'currency: eur');
    expect(rules.categoryBuffers).toEqual({ cleaning: 10, dairy: 2.5 });
    expect(rules.timezone).toBe('Europe/London');
    expect(rules.currency).toBe('EUR');
  });

  it('accepts Slack IDs starting with U or W for people and C or G for channels', () => {
    const rules = parse(
      'owner: W123ABC',
      'digest channel: G0PRIVATE',
      'location approver: Front = U0SAM',
      'location channel: Front = C0FRONT',
    );
    expect(rules).toMatchObject({
      owner: 'W123ABC',
      digestChannel: 'G0PRIVATE',
      locationApprovers: { front: 'U0SAM' },
      locationChannels: { front: 'C0FRONT' },
    });
  });

  it('ignores a UTF-8 byte-order mark and Windows line endings', () => {
    expect(parseRulesDoc(`\uFEFF${FULL.replace(/\n/g, '\r\n')}`, 'rules.txt')).toEqual(FULL_RULES);
  });

  it('returns rules of its own: changing them changes neither the defaults nor the next parse', () => {
    const first = parseRulesDoc('', 'rules.txt');
    first.holidays.push('2026-12-25');
    first.categoryBuffers.cleaning = 3;
    expect(parseRulesDoc('', 'rules.txt')).toEqual(DEFAULT_RULES);
    expect(DEFAULT_RULES.holidays).toEqual([]);
    expect(Object.isFrozen(DEFAULT_RULES.holidays)).toBe(true);
  });
});

describe('parseRulesDoc: broken docs name the file, line, key and what was expected', () => {
  it('an unknown key, with the closest known key', () => {
    expect(problems('timezone: UTC', '', 'quite hours: 18:00-08:00')).toEqual([
      'rules.txt line 3: unknown key "quite hours" (did you mean "quiet hours"?)',
    ]);
    expect(problems('Watch Margn: 10%')).toEqual(['rules.txt line 1: unknown key "Watch Margn" (did you mean "watch margin"?)']);
  });

  it('an unknown key with nothing close to suggest', () => {
    expect(problems('favourite colour: green')).toEqual(['rules.txt line 1: unknown key "favourite colour"']);
  });

  it('a line without a colon', () => {
    expect(problems('timezone Europe/London', 'just some words', ': 10')).toEqual([
      'rules.txt line 1: expected "key: value", got "timezone Europe/London" (is a colon missing after "timezone"?)',
      'rules.txt line 2: expected "key: value", got "just some words"',
      'rules.txt line 3: expected "key: value", got ": 10"',
    ]);
    expect(problems('owner email owner@example.com')).toEqual([
      'rules.txt line 1: expected "key: value", got "owner email owner@example.com" (is a colon missing after "owner email"?)',
    ]);
  });

  it('a percentage without its % sign', () => {
    expect(problems('watch margin: 10')).toEqual(['rules.txt line 1: "watch margin": expected a percentage like "10%", got "10"']);
  });

  it('a time zone that is not in the IANA database, with a suggestion when one is close', () => {
    expect(problems('timezone: Europe/Londn')).toEqual([
      'rules.txt line 1: "timezone": expected an IANA time zone like "Europe/London", got "Europe/Londn" (did you mean "Europe/London"?)',
    ]);
    expect(problems('timezone: Mars/Olympus')).toEqual([
      'rules.txt line 1: "timezone": expected an IANA time zone like "Europe/London", got "Mars/Olympus"',
    ]);
    expect(problems('timezone:')).toEqual(['rules.txt line 1: "timezone": expected an IANA time zone like "Europe/London", got nothing']);
  });

  it('quiet hours that are not a 24-hour range', () => {
    const expected = (got: string) =>
      `rules.txt line 1: "quiet hours": expected a time range like "18:00-08:00" (24-hour), or "none", got "${got}"`;
    expect(problems('quiet hours: 6pm-8am')).toEqual([expected('6pm-8am')]);
    expect(problems('quiet hours: 25:00-08:00')).toEqual([expected('25:00-08:00')]);
    expect(problems('quiet hours: 18:00')).toEqual([expected('18:00')]);
    expect(problems('quiet hours: 18:00-18:00')).toEqual([
      'rules.txt line 1: "quiet hours": expected a time range like "18:00-08:00" (24-hour) whose start and end differ, or "none", got ' +
        '"18:00-18:00"',
    ]);
  });

  it('business days that are not days', () => {
    const expected = (got: string) => `rules.txt line 1: "business days": expected days like "mon-fri" or "mon,wed,fri", got "${got}"`;
    expect(problems('business days: weekdays')).toEqual([expected('weekdays')]);
    expect(problems('business days: mon-fri-sat')).toEqual([expected('mon-fri-sat')]);
    expect(problems('business days: m-f')).toEqual([expected('m-f')]);
    expect(problems('business days: ,')).toEqual([expected(',')]);
  });

  it('holidays that are not dates, each reported', () => {
    expect(problems('holidays: 2026-12-25, 25/12/2026, 2026-02-30')).toEqual([
      'rules.txt line 1: "holidays": expected dates like "2026-12-25", separated by commas, got "25/12/2026"',
      'rules.txt line 1: "holidays": expected real dates, got "2026-02-30", which is not a day in the calendar',
    ]);
  });

  it('numbers out of range, and yes/no that is neither', () => {
    expect(
      problems(
        'order cap: 0',
        'days of cover: -1',
        'count reminder days: 0',
        'skip cooldown days: two',
        'urgent ignores quiet hours: sometimes',
      ),
    ).toEqual([
      'rules.txt line 1: "order cap": expected a number ≥ 1, or "none", got "0"',
      'rules.txt line 2: "days of cover": expected a number ≥ 0, got "-1"',
      'rules.txt line 3: "count reminder days": expected a number ≥ 1, got "0"',
      'rules.txt line 4: "skip cooldown days": expected a number ≥ 0, got "two"',
      'rules.txt line 5: "urgent ignores quiet hours": expected yes or no, got "sometimes"',
    ]);
  });

  it('Slack names where IDs belong, a bad email, currency and materiality', () => {
    expect(
      problems(
        'owner: @jane',
        'digest channel: #stock',
        'owner email: jane at example.com',
        'currency: pounds',
        'materiality: 2 units or £20',
      ),
    ).toEqual([
      'rules.txt line 1: "owner": expected a Slack member ID like "U0123ABCD" (not a @name), or "none", got "@jane"',
      'rules.txt line 2: "digest channel": expected a Slack channel ID like "C0123ABCD" (not a #name), or "none", got "#stock"',
      'rules.txt line 3: "owner email": expected an email address like "owner@example.com", or "none", got "jane at example.com"',
      'rules.txt line 4: "currency": expected a three-letter currency code like "GBP", got "pounds"',
      'rules.txt line 5: "materiality": expected a tolerance like "2 units and 1%, or 20", got "2 units or £20"',
    ]);
  });

  it('a map entry without "=", showing the expected form', () => {
    expect(problems('category buffer: cleaning 10', 'location approver: U0PRIYA', 'backup supplier: = Speedy Beans')).toEqual([
      'rules.txt line 1: "category buffer": expected "NAME = VALUE", like "category buffer: cleaning = 10", got "cleaning 10"',
      'rules.txt line 2: "location approver": expected "NAME = VALUE", like "location approver: Fixings = U0PRIYA", got "U0PRIYA"',
      'rules.txt line 3: "backup supplier": expected "NAME = VALUE", like "backup supplier: BEAN-HB = Speedy Beans", got "= Speedy Beans"',
    ]);
  });

  it('a bad value in a map entry names the entry', () => {
    expect(problems('category buffer: cleaning = lots', 'location channel: Fixings = #fixings', 'category supplier: dairy =')).toEqual([
      'rules.txt line 1: "category buffer" for "cleaning": expected a number ≥ 0, got "lots"',
      'rules.txt line 2: "location channel" for "Fixings": expected a Slack channel ID like "C0123ABCD" (not a #name), got "#fixings"',
      'rules.txt line 3: "category supplier" for "dairy": expected some text, got nothing',
    ]);
  });

  it('a key given twice names both lines; a map entry given twice too', () => {
    expect(
      problems(
        'timezone: UTC',
        'owner: U0OWNER',
        'TimeZone: Europe/London',
        'category buffer: cleaning = 1',
        'category buffer: Cleaning = 2',
      ),
    ).toEqual([
      'rules.txt line 3: "timezone" is already set on line 1; keep one of them',
      'rules.txt line 5: "category buffer" for "Cleaning" is already set on line 4; keep one of them',
    ]);
  });

  it('reports every problem in the doc together, in line order', () => {
    expect(problems('quite hours: 18:00-08:00', 'watch margin: 10', 'timezone: Nowhere/City', 'category buffer: cleaning')).toHaveLength(4);
  });
});

describe('readRulesDocFile', () => {
  it('reads a file and names it by its basename in messages', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stockbot-rules-'));
    const good = join(dir, 'rules.txt');
    writeFileSync(good, FULL);
    expect(await readRulesDocFile(good)).toEqual(FULL_RULES);
    const bad = join(dir, 'shop-rules.txt');
    writeFileSync(bad, 'watch margin: 10\n');
    expect(await problemsOfAsync(() => readRulesDocFile(bad))).toEqual([
      'shop-rules.txt line 1: "watch margin": expected a percentage like "10%", got "10"',
    ]);
  });

  it('a missing file is a document problem naming the path', async () => {
    expect(await problemsOfAsync(() => readRulesDocFile('examples/nowhere/rules.txt'))).toEqual([
      'examples/nowhere/rules.txt: file not found',
    ]);
  });
});
