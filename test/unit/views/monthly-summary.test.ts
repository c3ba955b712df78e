import type { MonthlySummary } from '../../../src/domain/monthly-summary';
import { templateNarrative } from '../../../src/domain/summary-narrative';
import { monthlySummaryEmail, monthlySummaryMessage, SUMMARY_LINES } from '../../../views/monthly-summary';
import { blockKitProblems } from '../../support/block-kit-limits';

const BUSY: MonthlySummary = {
  month: '2026-11',
  spend: [
    { supplier: 'Bayside Roasters', orders: 1, total: 504 },
    { supplier: 'Dairy Direct', orders: 1, total: 52.8 },
  ],
  spendTotal: 556.8,
  spendHistory: [{ month: '2026-11', supplier: 'Bayside Roasters', amount: 504 }],
  urgent: [
    { sku: 'MILK-WH', location: 'main', name: 'Whole milk' },
    { sku: 'MILK-OAT', location: 'main', name: 'Oat milk' },
  ],
  stockoutsAvoided: [{ sku: 'MILK-WH', location: 'main', name: 'Whole milk' }],
  daysOutOfStock: [{ sku: 'MILK-OAT', location: 'main', name: 'Oat milk', days: 2 }],
  linesCounted: 2,
  variancesByCause: [
    { cause: 'shrinkage', count: 1, value: -16.8 },
    { cause: 'miscount', count: 1, value: -2.1 },
  ],
  valueCaught: 18.9,
  repeatShort: [{ sku: 'BOLT-M6-50', location: 'Fixings', name: 'M6 bolts', short: 3, of: 3 }],
};
const QUIET: MonthlySummary = {
  month: '2026-11',
  spend: [],
  spendTotal: 0,
  spendHistory: [],
  urgent: [],
  stockoutsAvoided: [],
  daysOutOfStock: [],
  linesCounted: 0,
  variancesByCause: [],
  valueCaught: 0,
  repeatShort: [],
};
const sections = (m: { blocks: any[] }): string[] => m.blocks.filter((b) => b.type === 'section').map((b) => b.text.text);
const CHARTS = [
  { cid: 'chart-1@stockbot', title: 'Spend by supplier', altText: 'Bar chart of spend by supplier: £556.80 in all.' },
  { cid: 'chart-2@stockbot', title: 'Variances by cause', altText: 'Bar chart of variances: 2.' },
];

describe('the monthly summary message', () => {
  it('a busy month: the narrative, then spend, urgents, days out of stock, counts and the SKUs that keep coming back short', () => {
    const narrative = templateNarrative(BUSY, 'GBP');
    const m = monthlySummaryMessage(BUSY, narrative, 'GBP');
    expect(blockKitProblems({ kind: 'message', ...m })).toEqual([]);
    expect(m.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Monthly stock summary, November 2026' } });
    expect(sections(m)).toEqual([
      narrative,
      '*Spend: £556.80*\n• Bayside Roasters: £504.00 (1 order)\n• Dairy Direct: £52.80 (1 order)',
      '*Urgent: 2 items, 1 stockout avoided*\n• Whole milk (main): arrived in time\n• Oat milk (main)',
      '*Days out of stock*\n• Oat milk (main): 2 days',
      '*Counts: 2 lines counted, £18.90 caught*\n• Shrinkage: 1 (-£16.80)\n• Miscount: 1 (-£2.10)',
      '*Keep coming back short*\n• M6 bolts (Fixings): short in 3 of the last 3 counts',
    ]);
    expect(m.text).toBe(`Monthly stock summary, November 2026: ${narrative}`);
  });

  it('a quiet month says so in each part', () => {
    const m = monthlySummaryMessage(QUIET, templateNarrative(QUIET, 'GBP'), 'GBP');
    expect(blockKitProblems({ kind: 'message', ...m })).toEqual([]);
    expect(sections(m).slice(1)).toEqual([
      '*Spend: £0.00*\n• No orders placed.',
      '*Urgent: 0 items, 0 stockouts avoided*\n• Nothing hit urgent.',
      '*Days out of stock*\n• Nothing ran out.',
      '*Counts: 0 lines counted, £0.00 caught*\n• No material variances.',
    ]);
  });

  it('1,000 items in every list stay within Block Kit limits, each part cut with how many more', () => {
    const many = <T>(row: (i: number) => T) => Array.from({ length: 1000 }, (_, i) => row(i));
    const huge: MonthlySummary = {
      ...BUSY,
      spend: many((i) => ({ supplier: `Supplier ${i}`, orders: 1, total: 1 })),
      urgent: many((i) => ({ sku: `S${i}`, location: 'main', name: `Item ${i}` })),
      daysOutOfStock: many((i) => ({ sku: `S${i}`, location: 'main', name: `Item ${i}`, days: 1 })),
      variancesByCause: many((i) => ({ cause: `cause-${i}`, count: 1, value: -1 })),
      repeatShort: many((i) => ({ sku: `S${i}`, location: 'main', name: `Item ${i}`, short: 3, of: 4 })),
    };
    const m = monthlySummaryMessage(huge, 'x'.repeat(5000), 'GBP');
    expect(blockKitProblems({ kind: 'message', ...m })).toEqual([]);
    for (const s of sections(m).slice(1)) {
      expect(s.split('\n• ')).toHaveLength(SUMMARY_LINES + 1);
      expect(s).toMatch(/\n…and 992 more$/);
    }
  });

  it("names and the model's paragraph are escaped, in the blocks and in the notification text", () => {
    const nasty = 'Nuts & <bolts> *special*';
    const s: MonthlySummary = { ...BUSY, spend: [{ supplier: nasty, orders: 1, total: 504 }], daysOutOfStock: [] };
    const m = monthlySummaryMessage(s, 'Spent with <!channel> & co.', 'GBP');
    expect(sections(m)[0]).toBe('Spent with &lt;!channel&gt; &amp; co.');
    expect(sections(m)[1]).toContain('• Nuts &amp; &lt;bolts&gt; *special*: £504.00 (1 order)');
    expect(m.text).not.toContain('<!channel>');
  });
});

describe('the monthly summary email', () => {
  it('HTML with the charts inline by cid, a plain-text part with the same figures, everything escaped', () => {
    const s: MonthlySummary = { ...BUSY, spend: [{ supplier: '<script>alert("x")</script> & Sons', orders: 1, total: 504 }] };
    const mail = monthlySummaryEmail(s, "Bob's <b>month</b> & more", 'GBP', CHARTS);
    expect(mail.subject).toBe('Monthly stock summary, November 2026');
    expect(mail.html).toContain('<img src="cid:chart-1@stockbot" alt="Bar chart of spend by supplier: £556.80 in all."');
    expect(mail.html).toContain('src="cid:chart-2@stockbot"');
    expect(mail.html).toContain('<h2 style="font-family:sans-serif;font-size:16px">Spend by supplier</h2>');
    expect(mail.html).toContain('Bob&#39;s &lt;b&gt;month&lt;/b&gt; &amp; more');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Sons: £504.00 (1 order)');
    expect(mail.html).not.toMatch(/<script|<b>/);
    expect(mail.text).toContain("Bob's <b>month</b> & more");
    expect(mail.text).toContain('  - Whole milk (main): arrived in time');
    expect(mail.text).toContain('Spend by supplier: Bar chart of spend by supplier: £556.80 in all.');
  });

  it('a long list is cut in the email too, with how many more', () => {
    const s: MonthlySummary = {
      ...BUSY,
      urgent: Array.from({ length: 50 }, (_, i) => ({ sku: `S${i}`, location: 'main', name: `Item ${i}` })),
    };
    const mail = monthlySummaryEmail(s, 'A month.', 'GBP', []);
    expect(mail.text).toContain('  - …and 42 more');
    expect(mail.html).toContain('<li>…and 42 more</li>');
    expect(mail.html).not.toContain('cid:');
  });
});
