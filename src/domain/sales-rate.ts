// Daily sales rates measured from what the till recorded, to set beside the rate typed into the stock sheet.

/** The window a measured rate covers, and the history an item needs before it has one. */
export const RATE_WINDOW_DAYS = 28;
export const RATE_MIN_HISTORY_DAYS = 14;

const DAY_MS = 86_400_000;

/** Net units sold on one day (sales less refunds), by its date `yyyy-mm-dd`. */
export interface DaySales {
  date: string;
  units: number;
}

export interface MeasuredRate {
  /** Units a day, to one decimal. */
  perDay: number;
  /** The days it was measured over: 28, or the item's whole till history when that is shorter. */
  days: number;
}

/**
 * The item's measured daily sales rate on `today` (a date, `yyyy-mm-dd`): the net units sold over the last 28 days
 * before today, divided by those days, or by the days since its first till sale when that is shorter. An item whose
 * first till sale is less than 14 days back has none: a fortnight is the least that says more than one busy weekend.
 */
export function measuredRate(days: readonly DaySales[], firstSale: string | null, today: string): MeasuredRate | null {
  if (!firstSale) return null;
  const todayMs = Date.parse(`${today}T00:00:00Z`);
  const history = Math.floor((todayMs - Date.parse(`${firstSale}T00:00:00Z`)) / DAY_MS);
  if (!(history >= RATE_MIN_HISTORY_DAYS)) return null;
  const window = Math.min(RATE_WINDOW_DAYS, history);
  const from = todayMs - window * DAY_MS;
  const units = days
    .filter((d) => {
      const at = Date.parse(`${d.date}T00:00:00Z`);
      return at >= from && at < todayMs;
    })
    .reduce((sum, d) => sum + d.units, 0);
  return { perDay: Math.round((Math.max(0, units) / window) * 10) / 10, days: window };
}

/** Whether the till's rate and the sheet's differ enough to show both: by more than a quarter of the sheet's. */
export const ratesDisagree = (sheet: number, till: number): boolean => Math.abs(till - sheet) > 0.25 * Math.max(sheet, 0.1);
