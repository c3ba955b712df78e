import type { Cause, CauseEvidence } from './cause';
import { clean, showQty } from './numbers';

/**
 * The built-in likely-cause suggester: the four causes' evidence signatures as plain rules, used wherever no
 * model is configured (locally, in tests, in the demo). Pure and total: the same evidence always gives the same cause
 * and sentence, missing evidence never throws, and `unknown` is kept for a gap that cannot be read at all.
 *
 * Rules, first match wins:
 *  1. An overage (including an item the system does not hold here) with a delivery since the last count or in the
 *     last 14 days → receiving_error; with no source → miscount.
 *  2. A shortage within 14 days of a delivery, or the size of the last delivery give or take one pack → receiving_error.
 *  3. A confirmed zero on an item that sells, half the system quantity or more, or a whole number of packs → miscount.
 *  4. An item that sells with no sales recorded since the last count, short by about what it would have sold →
 *     unrecorded_sale.
 *  5. Any other shortage → shrinkage: a sustained shortage with no recent delivery and normal sales reads as loss.
 */
export interface LikelyCause {
  cause: Cause | 'unknown';
  /** One plain sentence citing the evidence, ending with a full stop; never markup. */
  rationale: string;
}

/**
 * "Right after a delivery", in days before the count: two weeks is about how long a delivery's
 * paperwork stays the first thing anyone would check. Day 14 is recent; day 15 is not.
 */
export const RECENT_RECEIVING_DAYS = 14;
/** Half the system quantity or more, gone or found at once: more often a skipped section than real loss. */
export const LARGE_GAP_FRACTION = 0.5;
/** "About what it would sell": the shortfall is within half of the expected sales, either way. */
export const SALES_MATCH_FRACTION = 0.5;
/** The same bound the model's answer is held to (src/adapters/model/bedrock.ts), so a card never has to cut it. */
export const RATIONALE_MAX = 300;

const DAY_MS = 86_400_000;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const RECOUNT = 'so recount before adjusting';

interface Day {
  /** Days since 1970-01-01: differences are whole days with no clock or timezone involved. */
  n: number;
  year: number;
  month: number;
  date: number;
}

/** The evidence, checked: every number is finite or null, every date is a real calendar day or null. */
interface Facts {
  gap: number;
  /** |gap|: the shortfall for a shortage, the surplus for an overage. */
  size: number;
  pct: number | null;
  system: number | null;
  kind: CauseEvidence['kind'];
  confirmedZero: boolean;
  countDay: Day | null;
  lastCountDay: Day | null;
  /** Null when there is no last receiving at all. */
  receiving: { day: Day | null; qty: number | null } | null;
  /** countDay − receiving day, when both are known. */
  daysSinceReceiving: number | null;
  /** Units booked in since the last count; null when none (or not known). */
  receipts: number | null;
  /** Units sold since the last count; null when none are recorded. */
  sales: number | null;
  /** Units a day; 0 means it does not sell, null means not known. */
  rate: number | null;
  pack: number | null;
}

export function likelyCause(evidence: CauseEvidence): LikelyCause {
  const gap = finite(evidence?.gapUnits);
  if (gap === null) return unknown('No likely cause: the gap in units is missing or not a number.');
  if (clean(gap) === 0) return unknown('No likely cause: the count and the system agree, so there is no gap to explain.');
  const facts = readFacts(evidence, gap);
  const { cause, rationale } = facts.gap > 0 ? overage(facts) : shortage(facts);
  return { cause, rationale: sentence(rationale) };
}

/**
 * An item counted here that the system has no stock line for is an overage against zero, so it takes the overage
 * rule rather than a rule of its own: a delivery to explain it means one keyed against the wrong item or location
 * (receiving_error); without one it is "an overage with no source" (miscount) — a wrong barcode scanned, or stock that
 * belongs to a neighbouring location. The evidence cannot see deliveries booked to other items, so guessing
 * receiving_error without one here would be a claim the sentence could not back; a recount is also the cheaper first step.
 */
function overage(f: Facts): LikelyCause {
  const notHeld = f.kind === 'not_in_system';
  const what = notHeld
    ? `Found ${showQty(f.size)} that the system does not hold at this location,`
    : `Over by ${showQty(f.size)}${pctText(f)}`;
  const receivedRecently = isRecent(f);
  if (receivedRecently || f.receipts !== null) {
    const source = receivedRecently
      ? receivingPhrase(f)
      : `with ${showQty(f.receipts!)} booked in since the last count${onDay(' on ', f.lastCountDay, f)}`;
    const reading = notHeld
      ? 'the delivery was likely booked against the wrong item or location'
      : 'the delivery was likely booked in short';
    return { cause: 'receiving_error', rationale: `${what} ${source}: ${reading}.` };
  }
  const reading = notHeld
    ? 'stock with no source here points to a miscount (a wrong item or location scanned)'
    : 'an overage with no source points to a miscount';
  return { cause: 'miscount', rationale: `${what} ${receivingPhrase(f)}: ${reading}, ${RECOUNT}.` };
}

function shortage(f: Facts): LikelyCause {
  const what = `Short ${showQty(f.size)}${pctText(f)}`;

  if (isRecent(f)) {
    return {
      cause: 'receiving_error',
      rationale: `${what} ${receivingPhrase(f)}: a gap right after a receiving points to the wrong quantity booked in.`,
    };
  }
  const qty = f.receiving?.qty ?? null;
  // A delivery booked in but never (or only partly) put away leaves a gap its own size, however long ago it was.
  if (qty !== null && clean(Math.abs(f.size - qty)) <= (f.pack ?? 0)) {
    const likeIt = clean(f.size) === clean(qty) ? 'the same as' : `within one pack (${showQty(f.pack!)}) of`;
    const delivery = `the last delivery of ${showQty(qty)}${onDay(' on ', f.receiving!.day, f)}`;
    return {
      cause: 'receiving_error',
      rationale: `${what}, ${likeIt} ${delivery}: a gap the size of a delivery points to one booked in but not received as booked.`,
    };
  }

  const sells = (f.rate !== null && f.rate > 0) || f.sales !== null;
  if (f.confirmedZero && f.system !== null && f.system > 0 && sells) {
    return {
      cause: 'miscount',
      rationale: `Confirmed none on the shelf against ${showQty(f.system)} in the system for an item that sells: a whole shelf or location was likely missed, ${RECOUNT}.`,
    };
  }
  if (f.pct !== null && Math.abs(f.pct) >= LARGE_GAP_FRACTION) {
    return {
      cause: 'miscount',
      rationale: `${what}: a gap this large is more likely a skipped section or a misread pack size than real loss, ${RECOUNT}.`,
    };
  }
  // A pack size of 1 would make every gap "whole packs", which says nothing.
  if (f.pack !== null && f.pack > 1) {
    const packs = clean(f.size / f.pack);
    if (Number.isInteger(packs) && packs >= 1) {
      const counted = `exactly ${packs} ${packs === 1 ? 'pack' : 'packs'} of ${showQty(f.pack)}`;
      return {
        cause: 'miscount',
        rationale: `${what}, ${counted}: a whole case miscounted is more likely than loose units lost, ${RECOUNT}.`,
      };
    }
  }

  const span = f.countDay && f.lastCountDay ? f.countDay.n - f.lastCountDay.n : null;
  const unsold = f.rate !== null && f.rate > 0 && f.sales === null;
  if (unsold) {
    const rate = `${showQty(f.rate!)} a day`;
    // Without an earlier count the ledger cannot say whether sales went unrecorded (a new install has no sales in
    // it at all), so the shortage is not pinned on the till.
    if (span !== null && span >= 0) {
      const expected = f.rate! * span;
      if (clean(Math.abs(f.size - expected)) <= clean(expected * SALES_MATCH_FRACTION) && expected > 0) {
        return {
          cause: 'unrecorded_sale',
          rationale: `${what} with no sales recorded in the ${days(span)} since the last count, about the ${showQty(expected)} it would sell in that time at ${rate}: sales that never reached the system are the likely cause.`,
        };
      }
    }
  }

  let sold: string;
  if (f.sales !== null) sold = 'sales recorded as normal';
  else if (unsold && (span === null || span < 0)) sold = 'no earlier count to size the shortfall against';
  else if (unsold && span === 0) sold = 'no sales recorded since a count the same day';
  else if (unsold)
    sold = `no sales recorded, but not near the ${showQty(f.rate! * span!)} it would sell in ${days(span!)} at ${showQty(f.rate!)} a day`;
  else if (f.rate === 0) sold = 'an item that does not sell';
  else sold = 'no sales recorded (and no sales rate to compare with)';
  return {
    cause: 'shrinkage',
    rationale: `${what} ${receivingPhrase(f)} and ${sold}: a sustained shortage points to loss rather than a recording error.`,
  };
}

function readFacts(e: CauseEvidence, gap: number): Facts {
  const system = finite(e.system);
  const givenPct = finite(e.gapPct);
  const countDay = parseDay(e.countDate);
  const last = e.lastReceiving && typeof e.lastReceiving === 'object' ? e.lastReceiving : null;
  const receivingDay = last ? parseDay(last.date) : null;
  return {
    gap,
    size: Math.abs(gap),
    // gapPct is null when system is 0; if it is missing for any other reason the fraction can still be worked out.
    pct: givenPct ?? (system !== null && system > 0 ? gap / system : null),
    system,
    kind: e.kind,
    confirmedZero: e.confirmedZero === true,
    countDay,
    lastCountDay: parseDay(e.lastCountDate),
    receiving: last ? { day: receivingDay, qty: positive(last.qty) } : null,
    daysSinceReceiving: countDay && receivingDay ? countDay.n - receivingDay.n : null,
    receipts: positive(e.receiptsSinceLastCount),
    sales: positive(e.salesSinceLastCount),
    rate: nonNegative(e.dailySalesRate),
    pack: positive(e.packSize),
  };
}

/** Delivered on the count day or up to 14 days before it; a delivery dated after the count opened is not "before". */
const isRecent = (f: Facts): boolean =>
  f.daysSinceReceiving !== null && f.daysSinceReceiving >= 0 && f.daysSinceReceiving <= RECENT_RECEIVING_DAYS;

/** What is known about the last delivery, as words that follow the gap: "with no delivery since 28 May". */
function receivingPhrase(f: Facts): string {
  const r = f.receiving;
  if (!r) return 'with no delivery on record';
  if (!r.day) return "with the last delivery's date unreadable";
  const date = dayText(r.day, f);
  const of = r.qty !== null ? ` of ${showQty(r.qty)}` : '';
  const since = f.daysSinceReceiving;
  if (since === null) return `with the last delivery${of} on ${date} (no count date to judge how recent)`;
  if (since < 0) return `with the last delivery${of} dated ${date}, after the count opened`;
  if (since > RECENT_RECEIVING_DAYS) return `with no delivery since ${date}`;
  if (since === 0) return `on the day of a delivery${of}`;
  return `${days(since)} after a delivery${of} on ${date}`;
}

function pctText(f: Facts): string {
  if (f.pct !== null) {
    // One decimal and a true minus sign, as the variance card shows the same percentage (views/variance-card.ts).
    const shown = showQty(Math.round(Math.abs(f.pct) * 1000) / 10);
    return ` (${f.gap < 0 ? '−' : '+'}${shown}%)`;
  }
  return f.system === 0 ? ' (none in the system)' : '';
}

const days = (n: number): string => `${n} ${n === 1 ? 'day' : 'days'}`;

const onDay = (prefix: string, day: Day | null, f: Facts): string => (day ? `${prefix}${dayText(day, f)}` : '');

/** "28 May", with the year only when it is not the count's own year (or that is unknown). */
const dayText = (d: Day, f: Facts): string => `${d.date} ${MONTHS[d.month - 1]}${f.countDay?.year === d.year ? '' : ` ${d.year}`}`;

/** A yyyy-mm-dd local date (a longer ISO timestamp is read by its date part); anything else, or 31 June, is null. */
function parseDay(value: unknown): Day | null {
  if (typeof value !== 'string') return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!m) return null;
  const [year, month, date] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(year, month - 1, date);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== date) return null;
  return { n: Math.round(ms / DAY_MS), year, month, date };
}

const finite = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);
const positive = (x: unknown): number | null => {
  const n = finite(x);
  return n !== null && clean(n) > 0 ? n : null;
};
const nonNegative = (x: unknown): number | null => {
  const n = finite(x);
  return n !== null && n >= 0 ? n : null;
};

/**
 * Every rationale is built from numbers and dates formatted here, never from the sheet's text, so it is plain by
 * construction; this only guarantees the shape a card relies on: one line, a full stop, at most 300 characters.
 */
function sentence(text: string): string {
  let flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length > RATIONALE_MAX) flat = `${flat.slice(0, RATIONALE_MAX - 1).replace(/[\s,:;.]*\S*$/, '')}.`;
  return /[.]$/.test(flat) ? flat : `${flat}.`;
}

const unknown = (rationale: string): LikelyCause => ({ cause: 'unknown', rationale });
