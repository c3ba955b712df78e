import { formatMoney } from './money';
import { cents, clean, showQty } from './numbers';
import type { Materiality } from './types';

// The variance arithmetic: three numbers and one tolerance rule. Plain code, no model: the number
// that feeds the books must come out the same on every run.

/** There is no fourth state. */
export type VarianceState = 'agreement' | 'minor' | 'material';

export interface Gap {
  /** counted − system: negative is a shortage. */
  units: number;
  /** units / system as a fraction; null when the system holds 0 (any gap against nothing). */
  pct: number | null;
  /** units × unit cost, rounded to cents; null when the item has no unit cost. */
  value: number | null;
}

export function gapOf(counted: number, system: number, unitCost: number | null): Gap {
  const units = clean(counted - system);
  return {
    units,
    pct: system === 0 ? null : clean(units / system),
    value: unitCost === null ? null : cents(units * unitCost),
  };
}

/** Which of the tolerance's tests a gap trips. Against a system of 0 any gap is beyond every percentage. */
export function tolerance(gap: Gap, m: Materiality): { units: boolean; pct: boolean; value: boolean } {
  return {
    units: Math.abs(gap.units) > m.units,
    pct: gap.units !== 0 && (gap.pct === null || Math.abs(gap.pct) > m.percent),
    value: gap.value !== null && Math.abs(gap.value) > m.value,
  };
}

/**
 * Material if (|units| > N and |percent| > P) or |value| > V; minor if exactly one of the unit and percent tests trips;
 * in agreement otherwise. Requiring both keeps noise on huge stocks and on tiny ones out; the value test catches a
 * small gap on a dear item.
 */
export function varianceState(gap: Gap, m: Materiality): VarianceState {
  const t = tolerance(gap, m);
  if ((t.units && t.pct) || t.value) return 'material';
  return t.units !== t.pct ? 'minor' : 'agreement';
}

const minus = (text: string) => text.replace(/^-/, '−');
const signed = (n: number) => (n > 0 ? `+${showQty(n)}` : minus(showQty(n)));
/** −10%, +0.8%, −33.3%: one decimal when it matters. */
export const showPct = (p: number) => `${p > 0 ? '+' : p < 0 ? '−' : ''}${showQty(Math.round(Math.abs(p) * 1000) / 10)}%`;
const showPctOf = (m: Materiality) => `${showQty(clean(m.percent * 100))}%`;

/**
 * The one line every card shows, so nobody has to ask why: `432 − 480 = −48 (−10%, −£16.80) > 2 units and 1%`.
 * It says which test decided, in the rules doc's own terms.
 */
export function arithmeticLine(counted: number, system: number, gap: Gap, m: Materiality, currency: string): string {
  const money = (x: number) => minus(formatMoney(x, currency));
  const parts = [gap.pct === null ? 'no system stock' : showPct(gap.pct), ...(gap.value === null ? ['no unit cost'] : [money(gap.value)])];
  const head = `${showQty(counted)} − ${showQty(system)} = ${signed(gap.units)} (${parts.join(', ')})`;
  const t = tolerance(gap, m);
  const units = `${showQty(m.units)} unit${m.units === 1 ? '' : 's'}`;
  const limit = formatMoney(m.value, currency);
  if (t.units && t.pct) return `${head} > ${units} and ${showPctOf(m)}`;
  if (t.value) return `${head} > ${limit}`;
  if (t.units) return `${head}: over ${units} but within ${showPctOf(m)}, so minor`;
  if (t.pct) return `${head}: over ${showPctOf(m)} but within ${units}, so minor`;
  return `${head}: within ${units}, ${showPctOf(m)} and ${limit}`;
}
