// The largest value each kind of number in the documents may hold: the stock sheet, the rules doc, the supplier doc
// and count files alike. A value past these is a slip (a barcode typed into a quantity, a cell pasted into the wrong
// column, "1e300"), never a real figure for a small shop, and letting it through would only fail far from the
// document, where nothing names the file, row or field: every amount the check and the counts store has to stay a
// whole number JavaScript and DynamoDB hold exactly (below 2^53).
//
// Together they keep the biggest draft the check can make inside that: a rate of 1,000,000 a day over 3,650 days of
// lead time and as many of cover, plus a 1,000,000,000 buffer, rounded up to a pack of 1,000,000, is 8.3 × 10^9 units,
// and at a unit cost of 1,000,000 it comes to 8.3 × 10^15, still under 2^53 (9.0 × 10^15).

/** Units of an item: on hand, buffers, reorder points, target levels, order caps, minimum orders, counted quantities. */
export const MAX_QUANTITY = 1_000_000_000;

/** Eaches in one pack or case (the stock sheet's pack_size, the supplier doc's pack size). */
export const MAX_PACK_SIZE = 1_000_000;

/** Units sold a day (the stock sheet's daily_sales_rate). */
export const MAX_DAILY_RATE = 1_000_000;

/** Any setting counted in days: lead times, days of cover, cooldowns, reminders, expiries. Ten years. */
export const MAX_DAYS = 3650;

/** The cost of one unit: multiplied by an order's quantity, so kept lower than other amounts. */
export const MAX_UNIT_COST = 1_000_000;

/** An amount of money that is only compared, never multiplied (the materiality value). */
export const MAX_AMOUNT = 1_000_000_000;

/** A percentage setting (watch margin, materiality percent), in percent. */
export const MAX_PERCENT = 1000;

/** A bound as messages show it: 1,000,000,000. */
export const showBound = (n: number): string => n.toLocaleString('en-US');

/** What a value past `max` should have been: `a number ≤ 1,000,000,000`. */
export const atMost = (noun: string, max: number, unit = ''): string => `${noun} ≤ ${showBound(max)}${unit}`;
