import { ACTION } from '../../../views/ids';
import { agedVariancesMessage, countReminderMessage, REMINDER_ROWS, type AgedVariance } from '../../../views/sweep-messages';
import { blockKitProblems } from '../../support/block-kit-limits';

const aged = (extra: Partial<AgedVariance['line']> = {}, days = 3): AgedVariance => ({
  line: {
    sku: 'BOLT-M6-50',
    name: 'M6 bolts',
    location: 'Fixings',
    session_id: 'FIXINGS-20261123-AB12',
    gap_units: -48,
    gap_value: -16.8,
    card: { channel: 'C0FIX', ts: '1.2', link: 'https://shop.slack.com/archives/C0FIX/p12' },
    ...extra,
  },
  days,
});
const sections = (m: { blocks: any[] }): string[] => m.blocks.filter((b) => b.type === 'section').map((b) => b.text.text);
const buttons = (m: { blocks: any[] }) => m.blocks.flatMap((b) => (b.type === 'actions' ? b.elements : []));

describe('the aged-variance reminder', () => {
  it('lists each variance with its gap, value and age, and a link to its card', () => {
    const m = agedVariancesMessage([aged({}, 4), aged({ sku: 'NUT-M6', name: 'M6 nuts', gap_units: 12, gap_value: 1.2 }, 1)], 'GBP');
    expect(blockKitProblems({ kind: 'message', ...m })).toEqual([]);
    expect(m.text).toBe('2 count variances still wait for you');
    expect(sections(m)).toEqual([
      ':hourglass: *2 count variances still wait for you*. Until you approve or reject them, the stock sheet keeps the old numbers.',
      '• *M6 bolts* (`BOLT-M6-50`, Fixings): -48 (-£16.80), waiting 4 days · <https://shop.slack.com/archives/C0FIX/p12|open the card>\n' +
        '• *M6 nuts* (`NUT-M6`, Fixings): +12 (£1.20), waiting 1 day · <https://shop.slack.com/archives/C0FIX/p12|open the card>',
    ]);
  });

  it('without a permalink it names the channel, and without a card the count', () => {
    const m = agedVariancesMessage([aged({ card: { channel: 'C0FIX', ts: '1.2' } }), aged({ card: undefined, gap_value: null })], 'GBP');
    expect(m.text).toBe('2 count variances still wait for you');
    const [, list] = sections(m);
    expect(list).toContain('waiting 3 days · in <#C0FIX>');
    expect(list).toContain('• *M6 bolts* (`BOLT-M6-50`, Fixings): -48, waiting 3 days · count FIXINGS-20261123-AB12');
  });

  it('one variance reads in the singular', () => {
    expect(agedVariancesMessage([aged({}, 1)], 'GBP').text).toBe('1 count variance still waits for you');
  });

  it('1,000 waiting variances stay within Block Kit limits, the rest counted', () => {
    const many = Array.from({ length: 1000 }, (_, i) => aged({ sku: `SKU-${i}`, name: `Item ${i} ${'&'.repeat(100)}` }, 30));
    const m = agedVariancesMessage(many, 'GBP');
    expect(blockKitProblems({ kind: 'message', ...m })).toEqual([]);
    const all = sections(m).join('\n');
    expect(all.match(/^• /gm)).toHaveLength(REMINDER_ROWS);
    expect(all).toMatch(/…and 970 more \(App Home lists every one\)$/);
  });

  it('names are escaped, so a name cannot mention the channel or break the link', () => {
    const m = agedVariancesMessage([aged({ name: 'Nuts & <bolts> *x* <!channel>', location: '<Back>' })], 'GBP');
    const [, list] = sections(m);
    expect(list).toContain('*Nuts &amp; &lt;bolts&gt; *x* &lt;!channel&gt;* (`BOLT-M6-50`, &lt;Back&gt;)');
    expect(list).not.toContain('<!channel>');
  });
});

describe("a location's count reminder", () => {
  it('says when it was last counted and offers Start count for that location', () => {
    const m = countReminderMessage({ location: 'Fixings', lastCounted: '2026-10-05', days: 30 });
    expect(blockKitProblems({ kind: 'message', ...m })).toEqual([]);
    expect(m.text).toBe('Fixings was last counted on 2026-10-05: time for a count (every 30 days keeps the stock sheet honest).');
    expect(buttons(m)).toEqual([expect.objectContaining({ action_id: ACTION.startCount, value: 'Fixings', style: 'primary' })]);
    expect(buttons(m)[0].text.text).toBe('Start count');
  });

  it('a location never counted says so', () => {
    expect(sections(countReminderMessage({ location: 'Fixings', lastCounted: null, days: 30 }))).toEqual([
      ':clipboard: *Fixings* has not been counted yet. A count every 30 days keeps the stock sheet honest.',
    ]);
  });

  it("a location's name is escaped in the message and kept whole (within Slack's limit) in the button", () => {
    const m = countReminderMessage({ location: 'Back <room> & *yard*', lastCounted: null, days: 30 });
    expect(sections(m)[0]).toContain('*Back &lt;room&gt; &amp; *yard**');
    expect(buttons(m)[0].value).toBe('Back <room> & *yard*');
    const long = countReminderMessage({ location: 'L'.repeat(5000), lastCounted: null, days: 30 });
    expect(blockKitProblems({ kind: 'message', ...long })).toEqual([]);
  });
});
