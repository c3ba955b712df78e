import type { KnownBlock } from '@slack/types';
import type { DraftOrder } from '../../../src/domain/draft-order';
import type { Rules, StockItem } from '../../../src/domain/types';
import type { OrderRecord } from '../../../src/store/orders';
import { ACTION, decodeOrderRef, encodeOrderRef } from '../../../views/ids';
import { fitMrkdwn, formatLocalDate, formatWhen } from '../../../views/mrkdwn';
import { poDraftMessage } from '../../../views/po-draft';
import { blockKitProblems } from '../../support/block-kit-limits';
import { book, draftFor, orderRecord, rules, supplier } from '../../support/builders';

const suppliers = book(supplier(), supplier({ name: 'Speedy Beans', email: 'hello@speedy.example', packSize: 6, minimumOrder: null }));
const OPTS = { currency: 'GBP', timezone: 'Europe/London', ownerId: 'U0OWNER' };
const REF = { itemKey: 'main#BEAN-HB', orderId: '2026-11-23' };

const draft = (overrides: Partial<StockItem> = {}, urgent = false, r: Rules = rules(), book_ = suppliers): DraftOrder =>
  draftFor(overrides, { urgent, rules: r, suppliers: book_ });

const record = orderRecord;

/** The House Blend draft: 120 × £4.20 = £504.00 from Bayside Roasters. */
const seed = () => record(draft({ targetLevel: 178 }));
const decided = (extra: Partial<OrderRecord>) =>
  record(draft({ targetLevel: 178 }), { decided_by: 'U0OWNER', decided_at: '2026-11-23T08:04:00.000Z', ...extra });

type Obj = Record<string, any>;
const all = (blocks: KnownBlock[]): string => JSON.stringify(blocks);
const fields = (blocks: KnownBlock[]): string[] => (blocks[0] as Obj).fields.map((f: Obj) => f.text);
const context = (blocks: KnownBlock[]): string[] =>
  blocks.filter((b) => b.type === 'context').flatMap((b) => (b as Obj).elements.map((e: Obj) => e.text));
const sections = (blocks: KnownBlock[]): string[] => blocks.filter((b) => b.type === 'section').map((b) => (b as Obj).text.text);
const buttons = (blocks: KnownBlock[]): Obj[] => blocks.filter((b) => b.type === 'actions').flatMap((b) => (b as Obj).elements);

function expectWithinLimits(message: { text: string; blocks: KnownBlock[] }) {
  expect(blockKitProblems({ kind: 'message', blocks: message.blocks, text: message.text })).toEqual([]);
}

describe('pending draft', () => {
  it('shows quantity, unit cost, line total, supplier with email, on hand and sales rate', () => {
    const { blocks } = poDraftMessage(seed(), OPTS);
    expect(fields(blocks)).toEqual([
      '*Quantity*\n120',
      '*Unit cost*\n£4.20',
      '*Line total*\n£504.00',
      '*Supplier*\nBayside Roasters\norders@bayside.example',
      '*On hand*\n58',
      '*Sales rate*\n~8/day',
    ]);
    expect(sections(blocks)[0]).toBe(':package: *Reorder*: *House Blend beans*\nSKU BEAN-HB · main');
    expect(all(blocks)).not.toContain('Urgent');
  });

  it('reads well as a phone notification', () => {
    expect(poDraftMessage(seed(), OPTS).text).toBe('Reorder: House Blend beans — 120 × £4.20 = £504.00 from Bayside Roasters');
  });

  it('shows the arithmetic in one line each', () => {
    expect(context(poDraftMessage(seed(), OPTS).blocks)).toEqual([
      'Reorder point: 8/day × 5 days + 20 buffer = 60',
      'Quantity: target 178 − 58 on hand = 120',
    ]);
  });

  it('gives the reason for the quantity, and flags a capped one', () => {
    expect(context(poDraftMessage(record(draft()), OPTS).blocks)).toContain('Why 252: rounded up to packs of 12');
    const capped = poDraftMessage(record(draft({ dailySalesRate: 800 }, false, rules({ orderCap: 100 }))), OPTS);
    expect(fields(capped.blocks)[0]).toBe('*Quantity*\n96');
    expect(context(capped.blocks)).toContain('Why 96: rounded up to packs of 12, capped at the order cap of 100');
    expect(context(capped.blocks).join('\n')).toContain('*Capped* by the order cap');
    expectWithinLimits(capped);
  });

  it('offers Approve (primary), Edit and Skip, each carrying the order ref', () => {
    const { blocks } = poDraftMessage(seed(), OPTS);
    const bs = buttons(blocks);
    expect(bs.map((b) => b.action_id)).toEqual([ACTION.approvePo, ACTION.editPo, ACTION.skipPo]);
    expect(bs[0]).toMatchObject({ style: 'primary', text: { type: 'plain_text', text: 'Approve' } });
    for (const b of bs) expect(decodeOrderRef(b.value)).toEqual(REF);
  });

  it('passes the Block Kit limits', () => expectWithinLimits(poDraftMessage(seed(), OPTS)));

  it('with a till rate that disagrees: shows both and offers Use N/day; once taken, says so and drops the button', () => {
    const withTill = record({ ...draft({ targetLevel: 178 }), tillRate: { perDay: 11.2, days: 28 } });
    const offered = poDraftMessage(withTill, OPTS).blocks;
    expect(fields(offered)).toContain('*Sales rate*\nsheet 8/day · till 11.2/day over 28 days');
    expect(buttons(offered).map((b) => [b.action_id, b.text.text])).toContainEqual([ACTION.useTillRate, 'Use 11.2/day']);
    const taken = poDraftMessage({ ...withTill, rate_taken: { perDay: 11.2, by: 'U0OWNER', at: '2026-11-23T10:00:00Z' } }, OPTS).blocks;
    expect(fields(taken)).toContain(
      '*Sales rate*\nsheet 8/day · till 11.2/day over 28 days\n:white_check_mark: 11.2/day going into the stock sheet',
    );
    expect(buttons(taken).map((b) => b.action_id)).toEqual([ACTION.approvePo, ACTION.editPo, ACTION.skipPo]);
  });
});

describe('urgent draft', () => {
  const urgent = () => poDraftMessage(record(draft({ onHand: 16, targetLevel: 160 }, true)), OPTS);

  it('is tagged urgent, with days of cover left', () => {
    const { blocks, text } = urgent();
    expect(sections(blocks)[0]).toMatch(/^:rotating_light: \*Urgent reorder\*: \*House Blend beans\*/);
    expect(fields(blocks)[4]).toBe('*On hand*\n16\n:hourglass_flowing_sand: ~2 days of cover left');
    expect(text).toBe('URGENT reorder: House Blend beans — 144 × £4.20 = £604.80 from Bayside Roasters');
  });

  it('passes the Block Kit limits', () => expectWithinLimits(urgent()));
});

describe('a draft with problems', () => {
  it('with no supplier email: states the problem and offers only Edit and Skip', () => {
    const noEmail = book(supplier({ email: null }));
    const message = poDraftMessage(record(draft({ targetLevel: 178 }, false, rules(), noEmail)), OPTS);
    const warning = sections(message.blocks).find((t) => t.startsWith(':warning:'));
    expect(warning).toContain('supplier "Bayside Roasters" has no email in the supplier doc');
    expect(warning).toContain('Approve is off');
    expect(buttons(message.blocks).map((b) => b.action_id)).toEqual([ACTION.editPo, ACTION.skipPo]);
    expect(fields(message.blocks)[3]).toBe('*Supplier*\nBayside Roasters');
    expectWithinLimits(message);
  });

  it('with no supplier at all: the same', () => {
    const message = poDraftMessage(record(draft({ supplier: null, category: null })), OPTS);
    expect(all(message.blocks)).toContain('no supplier: set one');
    expect(buttons(message.blocks).map((b) => b.action_id)).toEqual([ACTION.editPo, ACTION.skipPo]);
    expect(message.text).toBe('Reorder: House Blend beans — 242 × £4.20 = £1,016.40 from no supplier');
    expectWithinLimits(message);
  });

  it('with no unit cost: warns, but Approve stays (the PO can still go)', () => {
    const message = poDraftMessage(record(draft({ unitCost: null, targetLevel: 178 })), OPTS);
    expect(fields(message.blocks).slice(1, 3)).toEqual(['*Unit cost*\nnot in the stock sheet', '*Line total*\n—']);
    expect(all(message.blocks)).toContain('no unit cost in the stock sheet');
    expect(buttons(message.blocks).map((b) => b.action_id)).toEqual([ACTION.approvePo, ACTION.editPo, ACTION.skipPo]);
    expect(message.text).toBe('Reorder: House Blend beans — 120 (no unit cost) from Bayside Roasters');
  });
});

describe('approved', () => {
  it('while sending: the same facts, who approved, no buttons', () => {
    const message = poDraftMessage(decided({ status: 'approved', po_number: 'PO-000123' }), OPTS);
    expect(fields(message.blocks)).toContain('*Line total*\n£504.00');
    expect(sections(message.blocks)).toContain(':hourglass_flowing_sand: Approved by <@U0OWNER> — sending PO PO-000123…');
    expect(buttons(message.blocks)).toEqual([]);
    expect(message.text).toBe('Approved, sending the PO: House Blend beans — 120 × £4.20 = £504.00 from Bayside Roasters');
    expectWithinLimits(message);
  });

  it('with a send error: says so and offers Retry', () => {
    const message = poDraftMessage(decided({ status: 'approved', send_error: 'SMTP timeout', send_attempts: 3 }), OPTS);
    expect(sections(message.blocks)).toContain(
      ':warning: Approved by <@U0OWNER>, but the PO email has not gone yet: SMTP timeout (attempt 3)',
    );
    const bs = buttons(message.blocks);
    expect(bs.map((b) => b.action_id)).toEqual([ACTION.retryPo]);
    expect(decodeOrderRef(bs[0]!.value)).toEqual(REF);
    expect(message.text).toMatch(/^PO not sent yet: House Blend beans/);
    expectWithinLimits(message);
  });

  it('by email link: names the address, escaped; with no decided_by: the owner from the options', () => {
    const byEmail = poDraftMessage(decided({ status: 'approved', decided_by: 'owner@example.com' }), OPTS);
    expect(all(byEmail.blocks)).toContain('Approved by owner@example.com — sending the PO…');
    const unknown = poDraftMessage(decided({ status: 'approved', decided_by: undefined }), { ...OPTS, ownerId: 'U0BOSS' });
    expect(all(unknown.blocks)).toContain('Approved by <@U0BOSS>');
    const nobody = poDraftMessage(decided({ status: 'approved', decided_by: undefined }), { currency: 'GBP', timezone: 'UTC' });
    expect(all(nobody.blocks)).toContain('Approved by the owner');
  });
});

describe('on order', () => {
  const sent = (extra: Partial<OrderRecord> = {}) =>
    decided({
      status: 'on-order',
      po_number: 'PO-000123',
      sent_to: 'orders@bayside.example',
      sent_at: '2026-11-23T08:05:00.000Z',
      expected_date: '2026-11-28',
      ...extra,
    });

  it('says which PO went where and when (business time), and when to expect it', () => {
    const message = poDraftMessage(sent(), OPTS);
    expect(sections(message.blocks)).toContain(
      ':white_check_mark: PO PO-000123 emailed to orders@bayside.example at 08:05 on 23 Nov (approved by <@U0OWNER>).\nExpected 28 Nov.',
    );
    // The one live button on an order on order records its delivery.
    expect(buttons(message.blocks).map((b) => b.action_id)).toEqual([ACTION.markReceived]);
    expect(message.text).toBe('PO PO-000123 sent: House Blend beans — 120 × £4.20 = £504.00 from Bayside Roasters');
    expectWithinLimits(message);
  });

  it('an order past its expected date says it is overdue; a partial delivery says what is still to come', () => {
    const late = poDraftMessage(sent(), { ...OPTS, today: '2026-11-30' });
    expect(all(late.blocks)).toContain(':warning: *Overdue*: expected 28 Nov.');
    const part = poDraftMessage(sent({ status: 'partly-received', received_qty: 80 }), OPTS);
    expect(all(part.blocks)).toContain('80 of 120 received; 40 still to come.');
    expect(part.text).toMatch(/^Partly received \(80 of 120\)/);
    expect(buttons(part.blocks).map((b) => b.action_id)).toEqual([ACTION.markReceived]);
    const done = poDraftMessage(sent({ status: 'received', received_qty: 120 }), OPTS);
    expect(buttons(done.blocks)).toEqual([]);
    expectWithinLimits(done);
  });

  it('Skip asks first: a confirmation dialog within Block Kit limits', () => {
    const skip = (poDraftMessage(seed(), OPTS).blocks as { type: string; elements?: { action_id?: string; confirm?: unknown }[] }[])
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === ACTION.skipPo);
    expect(skip?.confirm).toMatchObject({ title: { text: 'Skip this order?' }, confirm: { text: 'Skip' }, deny: { text: 'Cancel' } });
  });

  it('shows the time in the business timezone, summer time included', () => {
    const summer = poDraftMessage(sent({ sent_at: '2026-07-01T07:05:00.000Z' }), OPTS);
    expect(all(summer.blocks)).toContain('at 08:05 on 1 Jul');
    const ny = poDraftMessage(sent({ sent_at: '2026-07-01T03:30:00.000Z' }), { ...OPTS, timezone: 'America/New_York' });
    expect(all(ny.blocks)).toContain('at 23:30 on 30 Jun');
  });

  it('says what the owner changed in Edit, and shows the edited order', () => {
    const message = poDraftMessage(
      sent({
        qty: 144,
        supplier: 'Speedy Beans',
        sent_to: 'hello@speedy.example',
        note: 'Rear door',
        edited: { qty: 144, supplier: 'Speedy Beans', note: 'Rear door' },
      }),
      OPTS,
    );
    expect(context(message.blocks)).toContain('Edited: qty 120 → 144, supplier Bayside Roasters → Speedy Beans, note added');
    expect(context(message.blocks)).toContain('Note to the supplier: Rear door');
    expect(fields(message.blocks).slice(0, 4)).toEqual([
      '*Quantity*\n144',
      '*Unit cost*\n£4.20',
      '*Line total*\n£604.80',
      '*Supplier*\nSpeedy Beans\nhello@speedy.example',
    ]);
    expect(message.text).toBe('PO PO-000123 sent: House Blend beans — 144 × £4.20 = £604.80 from Speedy Beans');
    expectWithinLimits(message);
  });
});

describe('skipped', () => {
  it('says who skipped and until when no new draft comes', () => {
    const message = poDraftMessage(decided({ status: 'skipped', skip_until: '2026-11-24T08:04:00.000Z' }), OPTS);
    expect(sections(message.blocks)).toContain(':fast_forward: Skipped by <@U0OWNER>; no new draft before 08:04 on 24 Nov.');
    expect(buttons(message.blocks)).toEqual([]);
    expect(message.text).toMatch(/^Skipped: House Blend beans/);
    expectWithinLimits(message);
  });

  it('an urgent skip comes back at the next check', () => {
    const message = poDraftMessage(
      record(draft({ onHand: 16 }, true), { status: 'skipped', decided_by: 'U0OWNER', skip_until: '2026-11-24T08:04:00.000Z' }),
      OPTS,
    );
    expect(sections(message.blocks)).toContain(':fast_forward: Skipped by <@U0OWNER>; urgent items are drafted again at the next check.');
    expectWithinLimits(message);
  });
});

describe('user text in mrkdwn', () => {
  const nasty = book(supplier({ name: 'A&B <Wholesale>', email: 'po@ab.example' }));
  const order = () =>
    record(draft({ name: 'Nuts & <bolts> <!channel>', supplier: 'A&B <Wholesale>', targetLevel: 178 }, false, rules(), nasty));

  it('escapes &, < and > in item and supplier names, blocks and notification alike', () => {
    const message = poDraftMessage(order(), OPTS);
    expect(sections(message.blocks)[0]).toContain('*Nuts &amp; &lt;bolts&gt; &lt;!channel&gt;*');
    expect(fields(message.blocks)[3]).toBe('*Supplier*\nA&amp;B &lt;Wholesale&gt;\npo@ab.example');
    expect(message.text).toBe('Reorder: Nuts &amp; &lt;bolts&gt; &lt;!channel&gt; — 120 × £4.20 = £504.00 from A&amp;B &lt;Wholesale&gt;');
    expect(all(message.blocks)).not.toMatch(/<bolts>|<!channel>|<Wholesale>/);
  });

  it('escapes notes, send errors and edited supplier names', () => {
    const message = poDraftMessage(
      {
        ...order(),
        status: 'approved',
        decided_by: 'U0OWNER',
        send_error: 'mail <server> said: 550 & bye',
        note: '<b>rear</b> door',
        edited: { supplier: 'X <Y>', note: '<b>rear</b> door' },
      },
      OPTS,
    );
    const json = all(message.blocks);
    expect(json).toContain('550 &amp; bye');
    expect(json).toContain('&lt;b&gt;rear&lt;/b&gt; door');
    expect(json).toContain('→ X &lt;Y&gt;');
    expect(json).not.toMatch(/<server>|<b>|<Y>/);
  });
});

describe('pathological input still fits Slack', () => {
  const long = (n: number, c = 'x') => c.repeat(n);
  const huge = book(supplier({ name: `Supplier ${long(290)}`, email: `${long(300)}@example.com` }));
  const base = () =>
    record(
      draft(
        { name: long(300, '&'), sku: long(120), location: long(120), supplier: `Supplier ${long(290)}`, onHand: 1, targetLevel: 178 },
        true,
        rules(),
        huge,
      ),
    );

  it.each([
    ['pending', {}],
    ['approved', { status: 'approved', decided_by: long(400, '<') }],
    ['approved with error', { status: 'approved', decided_by: 'U0OWNER', send_error: long(5000, '>'), send_attempts: 99 }],
    [
      'on-order',
      {
        status: 'on-order',
        po_number: long(200),
        sent_to: long(500),
        sent_at: '2026-11-23T08:05:00Z',
        expected_date: 'garbage',
        note: long(3000, '&'),
        edited: { qty: 9_999_999, supplier: long(3000, '<'), note: long(3000) },
      },
    ],
    ['skipped', { status: 'skipped', skip_until: 'not a date' }],
  ] as [string, Partial<OrderRecord>][])('%s', (_, extra) => {
    const order = { ...base(), ...extra };
    order.draft = {
      ...order.draft,
      problems: Array.from({ length: 40 }, () => long(1000, '<')),
      reasons: [long(2000)],
      pointArithmetic: long(4000),
      quantityArithmetic: long(4000),
    };
    const message = poDraftMessage(order, OPTS);
    expectWithinLimits(message);
    expect(message.text.length).toBeLessThan(3000);
  });
});

describe('time and date helpers', () => {
  it('formats an instant on the business wall clock, 24-hour', () => {
    expect(formatWhen('2026-11-23T18:30:00Z', 'Europe/London')).toBe('18:30 on 23 Nov');
    expect(formatWhen('2026-11-23T00:05:00Z', 'Asia/Tokyo')).toBe('09:05 on 23 Nov');
    expect(formatWhen('2026-11-22T23:59:00Z', 'UTC')).toBe('23:59 on 22 Nov');
  });

  it('formats a local date without shifting it', () => {
    expect(formatLocalDate('2026-11-28')).toBe('28 Nov');
    expect(formatLocalDate('2027-01-01')).toBe('1 Jan');
    expect(formatLocalDate('soon <ish>')).toBe('soon &lt;ish&gt;');
  });
});

describe('fitMrkdwn', () => {
  it('leaves short text alone and cuts long text with an ellipsis, never through an entity or a mention', () => {
    expect(fitMrkdwn('short', 10)).toBe('short');
    expect(fitMrkdwn('abcdefghijk', 10)).toBe('abcdefghi…');
    expect(fitMrkdwn('abcdef&amp;xyz', 10)).toBe('abcdef…');
    expect(fitMrkdwn('by <@U0OWNER> ok', 10)).toBe('by …');
  });
});

describe('order refs on buttons and modals', () => {
  it('round-trip, compactly', () => {
    const value = encodeOrderRef(REF);
    expect(value).toBe('["main#BEAN-HB","2026-11-23"]');
    expect(decodeOrderRef(value)).toEqual(REF);
    expect(decodeOrderRef(encodeOrderRef({ itemKey: 'Café "Nord"#SKU,1', orderId: '2026-11-23' }))).toEqual({
      itemKey: 'Café "Nord"#SKU,1',
      orderId: '2026-11-23',
    });
  });

  it.each([
    [''],
    ['garbage'],
    ['{"itemKey":"a","orderId":"b"}'],
    ['["a"]'],
    ['["a","b","c"]'],
    ['["",""]'],
    ['[1,2]'],
    ['null'],
    [`["${'x'.repeat(2000)}","b"]`],
    [undefined],
    [42],
  ])('decodes %p to null without throwing', (value) => expect(decodeOrderRef(value)).toBeNull());
});
