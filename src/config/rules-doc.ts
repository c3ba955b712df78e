import { basename } from 'node:path';
import type { Materiality, QuietHours, Rules, Weekday } from '../domain/types';
import { atMost, MAX_AMOUNT, MAX_DAYS, MAX_PERCENT, MAX_QUANTITY } from './bounds';
import { DocumentError, type Problem } from './errors';
import { closest, didYouMean, normalizeKey, readDocumentBytes, splitLines } from './headers';

/**
 * Every key has a default, so an empty rules doc is a working one. Frozen because callers spread it
 * (`{ ...DEFAULT_RULES, ...overrides }`) and a push into a shared default array would leak into every later use.
 */
export const DEFAULT_RULES: Rules = deepFreeze({
  timezone: 'UTC',
  quietHours: { start: 18 * 60, end: 8 * 60 },
  urgentIgnoresQuietHours: false,
  businessDays: [1, 2, 3, 4, 5],
  holidays: [],
  watchMargin: 0.1,
  daysOfCover: 30,
  orderCap: 500,
  defaultSafetyBuffer: 0,
  skipCooldownDays: 1,
  fallbackSupplier: null,
  categoryBuffers: {},
  categorySuppliers: {},
  backupSuppliers: {},
  owner: null,
  ownerEmail: null,
  digestChannel: null,
  // A count gap is material when it is more than 2 units and 1% of the system quantity, or worth more than £20;
  // smaller gaps are counting noise, not worth an approver's look.
  materiality: { units: 2, percent: 0.01, value: 20 },
  locationApprovers: {},
  locationChannels: {},
  posLocations: {},
  countReminderDays: 30,
  agedVarianceDays: 2,
  draftExpiryDays: 7,
  currency: 'GBP',
  intakeSenders: [],
  summaryRecipients: [],
});

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** A fresh, mutable copy of the defaults for one parse. */
const freshDefaults = (): Rules => structuredClone(DEFAULT_RULES) as Rules;

// ---- value readers: each returns the value, or what it expected (plus a hint when one helps) ----

type Read<T> = { value: T } | { expected: string; hint?: string };
const fail = (expected: string, hint?: string): { expected: string; hint?: string } => (hint ? { expected, hint } : { expected });

const NONE = /^(none|off|)$/i;

/** Accepts `none`, `off` or nothing at all as "not set" before trying the real reader. */
const orNone =
  <T>(read: (raw: string) => Read<T>, expectedSuffix = ', or "none"') =>
  (raw: string): Read<T | null> => {
    if (NONE.test(raw)) return { value: null };
    const r = read(raw);
    return 'value' in r ? r : { ...r, expected: r.expected + expectedSuffix };
  };

const NUMBER = /^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/;

/** A number from `min` to `max` (src/config/bounds.ts); past `max` is refused as such, "1e400" digits included. */
const number =
  (min: number, max: number) =>
  (raw: string): Read<number> => {
    const value = NUMBER.test(raw) ? Number(raw.replace(/,/g, '')) : NaN;
    if (Number.isNaN(value) || value < min) return fail(`a number ≥ ${min}`);
    return value > max ? fail(atMost('a number', max)) : { value };
  };

const text = (raw: string): Read<string> => (raw === '' ? fail('some text') : { value: raw });

const yesNo = (raw: string): Read<boolean> => {
  const word = raw.toLowerCase();
  if (word === 'yes' || word === 'true') return { value: true };
  if (word === 'no' || word === 'false') return { value: false };
  return fail('yes or no');
};

const timezone = (raw: string): Read<string> => {
  try {
    if (raw === '') throw new RangeError('empty');
    // Intl knows the IANA database; resolvedOptions() also fixes the case ("europe/london" → "Europe/London").
    return { value: new Intl.DateTimeFormat('en-GB', { timeZone: raw }).resolvedOptions().timeZone };
  } catch {
    const near = raw === '' ? null : closest(raw, Intl.supportedValuesOf('timeZone'));
    return fail('an IANA time zone like "Europe/London"', near ? `did you mean "${near}"?` : undefined);
  }
};

const CLOCK_RANGE = /^(\d{1,2}):(\d{2})\s*(?:-|–|—|to)\s*(\d{1,2}):(\d{2})$/i;

const quietHours = (raw: string): Read<QuietHours> => {
  const expected = 'a time range like "18:00-08:00" (24-hour)';
  const m = CLOCK_RANGE.exec(raw);
  if (!m) return fail(expected);
  const [h1, m1, h2, m2] = m.slice(1).map(Number) as [number, number, number, number];
  if (h1 > 23 || h2 > 23 || m1 > 59 || m2 > 59) return fail(expected);
  const start = h1 * 60 + m1;
  const end = h2 * 60 + m2;
  if (start === end) return fail(`${expected} whose start and end differ`);
  return { value: { start, end } };
};

const DAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

/** `mon`, `Monday`, `tues`, `thurs` → ISO weekday. Three letters at least, so `t` and `s` aren't guesses. */
function weekday(word: string): Weekday | null {
  const w = word.trim().toLowerCase();
  if (w.length < 3) return null;
  const index = DAY_NAMES.findIndex((d) => d.startsWith(w));
  return index < 0 ? null : ((index + 1) as Weekday);
}

const businessDays = (raw: string): Read<Weekday[]> => {
  const expected = 'days like "mon-fri" or "mon,wed,fri"';
  const days = new Set<Weekday>();
  for (const part of raw.split(',')) {
    if (part.trim() === '') continue;
    const [from, to, ...rest] = part.split('-');
    const first = weekday(from ?? '');
    const last = to === undefined ? first : weekday(to);
    if (first === null || last === null || rest.length > 0) return fail(expected);
    // A range runs forward through the week and may wrap: "fri-mon" is Friday to Monday.
    for (let d = first; ; d = ((d % 7) + 1) as Weekday) {
      days.add(d);
      if (d === last) break;
    }
  }
  if (days.size === 0) return fail(expected);
  return { value: [...days].sort((a, b) => a - b) };
};

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date: 2026-02-30 has the right shape but no such day. */
function isRealDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = m.slice(1).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

const percentage = (raw: string): Read<number> => {
  // The % is required: "10" could mean 10% or 0.10, and guessing wrong changes every watch decision.
  const m = /^(\d+(?:\.\d+)?)\s*%$/.exec(raw);
  if (!m) return fail('a percentage like "10%"');
  const percent = Number(m[1]);
  return percent > MAX_PERCENT ? fail(atMost('a percentage', MAX_PERCENT, '%')) : { value: percent / 100 };
};

const MATERIALITY =
  /^(\d+(?:\.\d+)?)\s*units?\s*(?:and|&)\s*(\d+(?:\.\d+)?)\s*%\s*,?\s*or\s*[£$€¥]?\s*((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)$/i;

const materiality = (raw: string): Read<Materiality> => {
  const m = MATERIALITY.exec(raw);
  if (!m) return fail('a tolerance like "2 units and 1%, or 20"');
  const units = Number(m[1]);
  const percent = Number(m[2]);
  const value = Number((m[3] ?? '').replace(/,/g, ''));
  if (units > MAX_QUANTITY) return fail(`${atMost('units', MAX_QUANTITY)} in a tolerance like "2 units and 1%, or 20"`);
  if (percent > MAX_PERCENT) return fail(`${atMost('a percentage', MAX_PERCENT, '%')} in a tolerance like "2 units and 1%, or 20"`);
  if (value > MAX_AMOUNT) return fail(`${atMost('an amount', MAX_AMOUNT)} in a tolerance like "2 units and 1%, or 20"`);
  return { value: { units, percent: percent / 100, value } };
};

const slackUser = (raw: string): Read<string> =>
  /^[UW][A-Z0-9]{2,}$/.test(raw) ? { value: raw } : fail('a Slack member ID like "U0123ABCD" (not a @name)');

const slackChannel = (raw: string): Read<string> =>
  /^[CG][A-Z0-9]{2,}$/.test(raw) ? { value: raw } : fail('a Slack channel ID like "C0123ABCD" (not a #name)');

const email = (raw: string): Read<string> =>
  /^[^\s@<>(),;:]+@[^\s@<>(),;:]+\.[^\s@<>(),;:.]+$/.test(raw) ? { value: raw } : fail('an email address like "owner@example.com"');

const currency = (raw: string): Read<string> =>
  /^[a-z]{3}$/i.test(raw) ? { value: raw.toUpperCase() } : fail('a three-letter currency code like "GBP"');

// ---- the keys ----

type MapField = 'categoryBuffers' | 'categorySuppliers' | 'backupSuppliers' | 'locationApprovers' | 'locationChannels' | 'posLocations';

type KeySpec =
  | { kind: 'scalar'; apply: (rules: Rules, raw: string) => Read<unknown> }
  /** `holidays` may be given on several lines; each adds dates. Reports each bad date on its own. */
  | { kind: 'list'; apply: (rules: Rules, raw: string) => string[] }
  /** `name = value`, repeatable; names are lower-cased so lookups don't depend on how someone typed them. */
  | { kind: 'map'; field: MapField; example: string; read: (raw: string) => Read<string | number> };

function scalar<K extends keyof Rules>(field: K, read: (raw: string) => Read<Rules[K]>): KeySpec {
  return {
    kind: 'scalar',
    apply: (rules, raw) => {
      const r = read(raw);
      if ('value' in r) rules[field] = r.value;
      return r;
    },
  };
}

type ListField = 'holidays' | 'intakeSenders' | 'summaryRecipients';

/** A comma-separated list that may be given on several lines, each adding to it; `none` adds nothing. Each bad part is its own problem. */
const list = (field: ListField, read: (part: string) => Read<string>): KeySpec => ({
  kind: 'list',
  apply: (rules, raw) => {
    if (NONE.test(raw)) return [];
    const problems: string[] = [];
    for (const part of raw.split(',').map((p) => p.trim())) {
      if (part === '') continue;
      const r = read(part);
      if ('value' in r) rules[field].push(r.value);
      else problems.push(`expected ${r.expected}`);
    }
    return problems;
  },
});

const map = (field: MapField, example: string, read: (raw: string) => Read<string | number>): KeySpec => ({
  kind: 'map',
  field,
  example,
  read,
});

const KEYS: Record<string, KeySpec> = {
  timezone: scalar('timezone', timezone),
  'quiet hours': scalar('quietHours', orNone(quietHours)),
  'urgent ignores quiet hours': scalar('urgentIgnoresQuietHours', yesNo),
  'business days': scalar('businessDays', businessDays),
  holidays: list('holidays', (part) =>
    isRealDate(part)
      ? { value: part }
      : ISO_DATE.test(part)
        ? fail(`real dates, got "${part}", which is not a day in the calendar`)
        : fail(`dates like "2026-12-25", separated by commas, got "${part}"`),
  ),
  'watch margin': scalar('watchMargin', percentage),
  'days of cover': scalar('daysOfCover', number(0, MAX_DAYS)),
  'order cap': scalar('orderCap', orNone(number(1, MAX_QUANTITY))),
  'default safety buffer': scalar('defaultSafetyBuffer', number(0, MAX_QUANTITY)),
  'skip cooldown days': scalar('skipCooldownDays', number(0, MAX_DAYS)),
  'fallback supplier': scalar('fallbackSupplier', orNone(text, '')),
  'category buffer': map('categoryBuffers', 'cleaning = 10', number(0, MAX_QUANTITY)),
  'category supplier': map('categorySuppliers', 'cleaning = Acme Wholesale', text),
  'backup supplier': map('backupSuppliers', 'BEAN-HB = Speedy Beans', text),
  owner: scalar('owner', orNone(slackUser)),
  'owner email': scalar('ownerEmail', orNone(email)),
  'digest channel': scalar('digestChannel', orNone(slackChannel)),
  materiality: scalar('materiality', materiality),
  'location approver': map('locationApprovers', 'Fixings = U0PRIYA', slackUser),
  'location channel': map('locationChannels', 'Fixings = C0FIX', slackChannel),
  'pos location': map('posLocations', '655441491 = main', text),
  'count reminder days': scalar('countReminderDays', number(1, MAX_DAYS)),
  'aged variance days': scalar('agedVarianceDays', number(0, MAX_DAYS)),
  'draft expiry days': scalar('draftExpiryDays', number(1, MAX_DAYS)),
  currency: scalar('currency', currency),
  // A whole domain (`*@shop.example`) or one address; nothing looser, so a typo cannot open the inbox to everyone.
  'intake senders': list('intakeSenders', (part) =>
    /^(\*|[^\s@*<>(),;:]+)@[^\s@*<>(),;:]+\.[^\s@*<>(),;:.]+$/.test(part.toLowerCase())
      ? { value: part.toLowerCase() }
      : fail(`addresses like "alex@gmail.com" or a whole domain like "*@your-shop.example", got "${part}"`),
  ),
  'summary recipients': list('summaryRecipients', (part) => {
    const r = email(part);
    return 'value' in r ? r : fail(`${r.expected}, got "${part}"`);
  }),
};

/** Keys as people write them ("quiet hours"), for messages and suggestions. */
const KEY_NAMES = Object.keys(KEYS);
const BY_NORMAL = new Map(KEY_NAMES.map((name) => [normalizeKey(name), name]));
/** Longest first, so "owner email x" is recognised as "owner email" rather than "owner". */
const LONGEST_FIRST = [...BY_NORMAL].sort(([a], [b]) => b.length - a.length);

const gotText = (raw: string): string => (raw === '' ? 'got nothing' : `got "${raw}"`);
const badValue = (what: string, raw: string, r: { expected: string; hint?: string }): string =>
  `${what}: expected ${r.expected}, ${gotText(raw)}${r.hint ? ` (${r.hint})` : ''}`;

// `#` starts a comment when a space comes before it and a space or the end of the line after, so a mistaken
// `digest channel: #stock` reaches the channel check (and its helpful message) instead of vanishing as a comment.
const TRAILING_COMMENT = /\s+#(?:\s.*)?$/;

/** Parses the rules doc. Throws one DocumentError listing every problem, each with its line. */
export function parseRulesDoc(text: string, fileName: string): Rules {
  const rules = freshDefaults();
  const problems: Problem[] = [];
  const firstLine = new Map<string, number>();

  splitLines(text).forEach((original, index) => {
    const line = index + 1;
    const trimmed = original.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const content = trimmed.replace(TRAILING_COMMENT, '');
    const problem = (message: string, field?: string): void => {
      problems.push({ file: fileName, line, ...(field === undefined ? {} : { field }), message });
    };

    const colon = content.indexOf(':');
    const written = colon < 0 ? '' : content.slice(0, colon).trim();
    if (colon < 0 || written === '') {
      const normal = normalizeKey(content);
      const started = LONGEST_FIRST.find(([k]) => normal === k || normal.startsWith(`${k}_`));
      problem(`expected "key: value", got "${content}"${started ? ` (is a colon missing after "${started[1]}"?)` : ''}`);
      return;
    }
    const name = BY_NORMAL.get(normalizeKey(written));
    const spec = name === undefined ? undefined : KEYS[name];
    if (name === undefined || spec === undefined) {
      problem(`unknown key "${written}"${didYouMean(written, KEY_NAMES)}`, written);
      return;
    }
    const raw = content.slice(colon + 1).trim();

    if (spec.kind === 'scalar') {
      const earlier = firstLine.get(name);
      if (earlier !== undefined) {
        problem(`"${name}" is already set on line ${earlier}; keep one of them`, name);
        return;
      }
      firstLine.set(name, line);
      const r = spec.apply(rules, raw);
      if (!('value' in r)) problem(badValue(`"${name}"`, raw, r), name);
      return;
    }

    if (spec.kind === 'list') {
      for (const message of spec.apply(rules, raw)) problem(`"${name}": ${message}`, name);
      return;
    }

    const eq = raw.indexOf('=');
    const entry = eq < 0 ? '' : raw.slice(0, eq).trim();
    if (entry === '') {
      problem(`"${name}": expected "NAME = VALUE", like "${name}: ${spec.example}", ${gotText(raw)}`, name);
      return;
    }
    const value = raw.slice(eq + 1).trim();
    const key = entry.toLowerCase();
    const seenAt = `${name}\u0000${key}`;
    const earlier = firstLine.get(seenAt);
    if (earlier !== undefined) {
      problem(`"${name}" for "${entry}" is already set on line ${earlier}; keep one of them`, name);
      return;
    }
    firstLine.set(seenAt, line);
    const r = spec.read(value);
    if ('value' in r) (rules[spec.field] as Record<string, string | number>)[key] = r.value;
    else problem(badValue(`"${name}" for "${entry}"`, value, r), name);
  });

  if (problems.length > 0) throw new DocumentError(problems);
  rules.holidays = [...new Set(rules.holidays)].sort();
  return rules;
}

/** Reads a rules doc from disk; messages name the file by its basename. */
export async function readRulesDocFile(path: string): Promise<Rules> {
  const data = await readDocumentBytes(path);
  return parseRulesDoc(data.toString('utf8'), basename(path));
}
