import type { WatchRow } from '../../../src/domain/watch-list';
import { weeklyDigest, type DigestFacts, type WeeklyDigest } from '../../../src/domain/weekly-digest';
import { DIGEST_LINES, mrkdwnLink, weeklyDigestMessage } from '../../../views/weekly-digest';
import { blockKitProblems } from '../../support/block-kit-limits';
import { draftFor, orderRecord } from '../../support/builders';

const WEEK = { from: '2026-11-23', to: '2026-11-29', today: '2026-11-29', timezone: 'Europe/London' };
const LINKS = { appHome: 'slack://app?team=T0SHOP&id=A0STOCK&tab=home', stockSheet: 'https://docs.google.com/spreadsheets/d/abc/edit' };
const facts = (extra: Partial<DigestFacts> = {}): DigestFacts => ({
  ...WEEK,
  orders: [],
  skipHistories: [],
  watch: [],
  fallback: [],
  rateGaps: [],
  variances: [],
  tillParked: [],
  inboxWaiting: [],
  ...extra,
});
const sections = (m: { blocks: any[] }): string[] => m.blocks.filter((b) => b.type === 'section').map((b) => b.text.text);
const fits = (m: { text: string; blocks: any[] }) => expect(blockKitProblems({ kind: 'message', ...m })).toEqual([]);

function busyWeek(): WeeklyDigest {
  const beans = draftFor({ sku: 'BEAN-HB', name: 'House Blend beans', unitCost: 4.2 });
  return weeklyDigest(
    facts({
      orders: [
        orderRecord(beans, {
          order_id: '2026-11-24',
          status: 'on-order',
          qty: 120,
          decided_at: '2026-11-24T09:00:00Z',
          po_number: 'PO-000001',
          expected_date: '2026-11-27',
        }),
      ],
      skipHistories: [{ itemKey: 'main#NAP-WH', name: 'Napkins', orders: [...Array(4)].map(() => ({ status: 'skipped' as const })) }],
      watch: [{ sku: 'SYR-VAN', name: 'Vanilla syrup', location: 'main', onHand: 14, reorderPoint: 12 }],
      fallback: [{ sku: 'TEA-EB', name: 'Breakfast tea', location: 'main', supplier: 'Acme Wholesale' }],
      rateGaps: [{ sku: 'BEAN-HB', name: 'House Blend beans', location: 'main', sheet: 8, till: 10.5, days: 28 }],
      variances: [
        {
          sku: 'BOLT',
          name: 'M6 bolts',
          location: 'Fixings',
          gapValue: -16.8,
          since: '2026-11-24T10:00:00Z',
          link: 'https://shop.slack.com/archives/C0FIX/p1',
        },
        { sku: 'NUT', name: 'M6 nuts', location: 'Fixings', gapValue: null, since: '2026-11-27T10:00:00Z', link: null, channel: 'C0FIX' },
      ],
      tillParked: [
        { code: 'GIFT-CARD', qty: 1, reason: 'GIFT-CARD is neither a SKU nor an alias', location: 'main', since: '2026-11-26T10:00:00Z' },
      ],
      inboxWaiting: [
        {
          from: 'sam@shop.example',
          subject: 'Fridge count',
          rows: 3,
          link: 'https://shop.slack.com/archives/D0OWN/p2',
          files: ['fridge.csv'],
        },
      ],
    }),
  );
}

describe('the weekly digest message', () => {
  it('a busy week: one section per thing that happened or waits, each pointing to where it is acted on', () => {
    const m = weeklyDigestMessage(busyWeek(), 'GBP', LINKS);
    fits(m);
    expect(m.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Weekly stock digest, 23 Nov – 29 Nov' } });
    expect(sections(m)).toEqual([
      '*Orders placed: £504.00*\n• Bayside Roasters: 1 order, £504.00 · PO-000001 (120 × House Blend beans)',
      `*Overdue deliveries* (Mark received or Ask the supplier on the order's DM, or in <${LINKS.appHome}|App Home>)\n` +
        '• PO-000001 from Bayside Roasters (BEAN-HB), expected 27 Nov: 2 days late',
      '*Count variances still waiting for their approver* (Approve or Reject on the card)\n' +
        '• <https://shop.slack.com/archives/C0FIX/p1|M6 bolts (Fixings)>: -£16.80, waiting 5 days\n' +
        '• M6 nuts (Fixings), waiting 2 days in <#C0FIX>',
      '*Mailed-in changes waiting for the owner* (Approve, Edit or Discard on the card)\n' +
        '• <https://shop.slack.com/archives/D0OWN/p2|Fridge count> from sam@shop.example: 3 rows (fridge.csv)',
      `*Till lines parked* (Fix in <${LINKS.appHome}|App Home>)\n• \`GIFT-CARD\` × 1 at main, since 26 Nov: GIFT-CARD is neither a SKU nor an alias`,
      `*Skipped 4 or more times in a row: is the reorder point wrong?* (change it in the <${LINKS.stockSheet}|stock sheet>)\n` +
        '• Napkins (main), skipped 4 times',
      `*Till and sheet disagree on the sales rate* (the draft's Use button, or \`auto\` in the <${LINKS.stockSheet}|stock sheet>)\n` +
        '• House Blend beans: sheet 8/day, till 10.5/day over 28 days',
      `*Ordered from the fallback supplier* (give them a supplier in the <${LINKS.stockSheet}|stock sheet>, or a category supplier in the rules doc)\n` +
        '• Breakfast tea (main) → Acme Wholesale',
      `*On watch* (close to their reorder point; listed in <${LINKS.appHome}|App Home>)\n• Vanilla syrup (main): 14 on hand, reorder at 12`,
    ]);
    expect(m.text).toBe(
      'Weekly stock digest, 23 Nov – 29 Nov: £504.00 ordered, 1 delivery overdue, 2 variances waiting, 1 mailed-in proposal waiting, ' +
        '1 till line parked, 1 item skipped again and again, 1 sales rate gap, 1 item on the fallback supplier, 1 item on watch.',
    );
  });

  it('without links, each section names the place in words', () => {
    const text = sections(weeklyDigestMessage(busyWeek(), 'GBP')).join('\n');
    expect(text).toContain('(Fix in App Home)');
    expect(text).toContain('in the stock sheet)');
    expect(text).not.toContain('slack://');
  });

  it('a quiet week is one line, not silence', () => {
    const m = weeklyDigestMessage(weeklyDigest(facts()), 'GBP', LINKS);
    fits(m);
    expect(m.text).toBe('Weekly stock digest, 23 Nov – 29 Nov: a quiet week. No orders placed, nothing waiting, nothing overdue.');
    expect(m.blocks).toHaveLength(1);
  });

  it('1,000 of everything stays one message within Block Kit limits, each list cut with how many more', () => {
    const many = <T>(row: (i: number) => T) => Array.from({ length: 1000 }, (_, i) => row(i));
    const beans = draftFor({ sku: 'BEAN-HB', name: 'House Blend beans', unitCost: 4.2 });
    const d = weeklyDigest(
      facts({
        orders: many((i) =>
          orderRecord(beans, {
            order_id: `o${i}`,
            status: 'on-order',
            supplier: `Supplier ${i}`,
            decided_at: '2026-11-24T09:00:00Z',
            po_number: `PO-${i}`,
            expected_date: '2026-11-25',
          }),
        ),
        watch: many((i): WatchRow => ({ sku: `SKU-${i}`, name: `Item ${i}`, location: 'main', onHand: 14, reorderPoint: 12 })),
        fallback: many((i) => ({ sku: `S${i}`, name: `Item ${i}`, location: 'main', supplier: 'Acme' })),
        rateGaps: many((i) => ({ sku: `S${i}`, name: `Item ${i}`, location: 'main', sheet: 8, till: 12, days: 28 })),
        variances: many((i) => ({
          sku: `S${i}`,
          name: `Item ${i}`,
          location: 'main',
          gapValue: -1,
          since: '2026-11-24T10:00:00Z',
          link: null,
        })),
        tillParked: many((i) => ({ code: `C${i}`, qty: 1, reason: 'unknown code' })),
        inboxWaiting: many((i) => ({ from: `s${i}@shop.example`, subject: `Count ${i}`, rows: 2, link: null })),
        skipHistories: many((i) => ({
          itemKey: `main#S${i}`,
          name: `Item ${i}`,
          orders: [...Array(5)].map(() => ({ status: 'skipped' as const })),
        })),
      }),
    );
    const m = weeklyDigestMessage(d, 'GBP', LINKS);
    fits(m);
    const all = sections(m);
    expect(all).toHaveLength(9);
    for (const s of all) {
      expect(s.split('\n• ')).toHaveLength(DIGEST_LINES + 1);
      expect(s).toMatch(/\n…and 990 more$/);
    }
  });

  it("names with mrkdwn's special characters are escaped and cannot break a link; a long name is cut before the count is", () => {
    const nasty = 'Nuts & <bolts> *special* <!channel>';
    const d = weeklyDigest(
      facts({
        watch: [{ sku: 'N', name: nasty, location: 'Back <room>', onHand: 1, reorderPoint: 1 }],
        variances: [{ sku: 'N', name: nasty, location: 'main', gapValue: -1, since: '2026-11-24T10:00:00Z', link: 'https://x.example/p1' }],
      }),
    );
    const [variance, watch] = sections(weeklyDigestMessage(d, 'GBP'));
    expect(variance).toContain('<https://x.example/p1|Nuts &amp; &lt;bolts&gt; *special* &lt;!channel&gt; (main)>');
    expect(watch).toContain('• Nuts &amp; &lt;bolts&gt; *special* &lt;!channel&gt; (Back &lt;room&gt;)');
    expect(watch).not.toContain('<!channel>');

    // Names that escape to five times their length: the lines that fit are shown, the rest counted, within 3,000.
    const wide = '&'.repeat(200);
    const crowded = weeklyDigest(
      facts({ watch: Array.from({ length: 12 }, () => ({ sku: 'W', name: wide, location: wide, onHand: 1, reorderPoint: 1 })) }),
    );
    const m = weeklyDigestMessage(crowded, 'GBP');
    fits(m);
    const [text] = sections(m);
    expect(text!.length).toBeLessThanOrEqual(3000);
    const shown = text!.split('\n• ').length - 1;
    expect(shown).toBeLessThan(DIGEST_LINES);
    expect(text).toMatch(new RegExp(`\\n…and ${12 - shown} more$`));
  });

  it('a link Slack would misread is left out, and the words kept', () => {
    expect(mrkdwnLink('https://x.example/a|b', 'card')).toBe('card');
    expect(mrkdwnLink('https://x.example/a>b', 'card')).toBe('card');
    expect(mrkdwnLink('javascript:alert(1)', 'card')).toBe('card');
    expect(mrkdwnLink(null, 'card')).toBe('card');
    expect(mrkdwnLink('slack://app?team=T1&id=A1&tab=home', 'App Home')).toBe('<slack://app?team=T1&id=A1&tab=home|App Home>');
  });
});
