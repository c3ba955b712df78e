import { cents } from './numbers';

const formatters = new Map<string, Intl.NumberFormat>();

/** `£4.20`, `-£16.80`: money shown in the business's currency (rules doc `currency`). */
export function formatMoney(amount: number, currency: string): string {
  let f = formatters.get(currency);
  if (!f) {
    f = new Intl.NumberFormat('en-GB', { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2 });
    formatters.set(currency, f);
  }
  return f.format(cents(amount));
}
