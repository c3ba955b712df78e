/**
 * The chart port: the monthly summary's pictures, as PNG files a Slack message or an email can carry. Each chart
 * comes with alt text that states its figures in words, so a reader who cannot see the picture misses nothing.
 */

/** One supplier's spend in one month. Several rows for the same month and supplier are added together. */
export interface SpendByMonth {
  /** `yyyy-MM`, e.g. `2026-07`. */
  month: string;
  /** The supplier's name as the stock sheet spells it; blank is shown as "No supplier". */
  supplier: string;
  /** In the shop's currency (rules doc `currency`), e.g. 1234.5 for £1,234.50. */
  amount: number;
}

/** The variances of a period that share one likely cause. Several rows for the same cause are added together. */
export interface CauseTally {
  /** A cause from the closed list (`shrinkage`, `miscount`, …); anything else is shown as "Cause unknown". */
  cause: string;
  /** How many variances. */
  count: number;
  /** Their net value in the shop's currency: negative is stock short, positive is stock found. */
  value: number;
}

/** What every chart needs to know about the shop. */
export interface ChartOptions {
  /** Three-letter currency code from the rules doc, e.g. `GBP`. */
  currency: string;
}

/** A rendered chart, ready to upload. */
export interface Chart {
  /** A file name for the upload, e.g. `spend-by-supplier-2026-07-to-2026-12.png`. */
  fileName: string;
  /** The chart's title, in words, for the message or email that carries it. */
  title: string;
  /** The PNG file's bytes. */
  png: Buffer;
  /** In pixels: the PNG's own size. */
  width: number;
  height: number;
  /** Every figure the chart shows, in sentences, at most 2,000 characters (Slack's limit for an image's alt text). */
  altText: string;
}

/** Draws the monthly summary's charts. Never needs the network: fonts and drawing are local. */
export interface ChartRenderer {
  /** Spend by month, one colour per supplier; the largest suppliers are named and the rest shown as "Other". */
  spendBySupplier(data: readonly SpendByMonth[], opts: ChartOptions): Promise<Chart>;
  /** Variances by likely cause: how many, and their net value. */
  variancesByCause(data: readonly CauseTally[], opts: ChartOptions): Promise<Chart>;
  /** Which renderer, in words for a person. */
  describe(): string;
}
