import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SESClient } from '@aws-sdk/client-ses';
import { dailyCheck } from '../../jobs/daily-check';
import { outboxMail } from '../../src/adapters/mail/outbox';
import { sesMail } from '../../src/adapters/mail/ses';
import { printedDrafts } from '../../src/services/owner-notices';
import { inProcessQueue } from '../../src/adapters/queue/in-process';
import { approveOrder, authorizeOwner, skipOrder, type OrderRef } from '../../src/services/order-decisions';
import { sendPurchaseOrder, SendFailed, type PoSenderDeps } from '../../src/services/po-sender';
import type { MailPort } from '../../src/adapters/mail';
import type { Store } from '../../src/store/open-store';
import { writeDocuments } from '../support/documents';
import { testStore } from '../support/store';

const MONDAY = new Date('2026-11-23T08:00:00Z');
const LATER = new Date('2026-11-23T08:05:00Z');
/** The queue sends a moment after the tap, so audit rows (sorted by time) come out in the order things happened. */
const SENT = new Date('2026-11-23T08:05:02Z');
const HB: OrderRef = { itemKey: 'main#BEAN-HB', orderId: '2026-11-23' };
const ROWS = ['BEAN-HB,House Blend beans,main,Bayside Roasters,coffee,58,8,5,20,,4.20,,178,'];

let store: Store;

beforeEach(async () => {
  store = await testStore();
});
afterEach(async () => store.close());

/** The real pieces wired the way the app wires them: the queue runs the real po-sender over the real mail adapter. */
async function setup(mail?: MailPort) {
  const { documents, paths } = writeDocuments(ROWS);
  await dailyCheck({ documents, store, notifier: printedDrafts(() => {}) }, MONDAY);
  const outbox = mkdtempSync(join(tmpdir(), 'stockbot-outbox-'));
  const sender: PoSenderDeps = { store, documents, mail: mail ?? outboxMail(outbox), from: 'orders@harbourstreet.example' };
  const queue = inProcessQueue(
    async (item, attempt) => void (item.kind === 'send-po' && (await sendPurchaseOrder(sender, item, SENT, attempt))),
    { backoffMs: 5 },
  );
  return { deps: { store, documents, queue }, queue, outbox, sender, paths };
}

/** The real SES client aimed at a loopback port where nothing listens: every send fails the way a network failure does. */
const unreachableSes = () =>
  sesMail(
    new SESClient({
      endpoint: 'http://127.0.0.1:9',
      region: 'eu-west-2',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      maxAttempts: 1,
    }),
  );
const emails = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.eml'));

describe('approve', () => {
  it('moves the draft pending → approved → on-order and emails the PO from the supplier template', async () => {
    const { deps, queue, outbox } = await setup();
    const outcome = await approveOrder(deps, HB, 'U0OWNER', LATER);
    expect(outcome).toMatchObject({ kind: 'approved', order: { status: 'approved', decided_by: 'U0OWNER' } });
    await queue.drain();

    const order = await store.orders.get(HB.itemKey, HB.orderId);
    expect(order).toMatchObject({
      status: 'on-order',
      po_number: 'PO-000001',
      sent_to: 'orders@bayside.example',
      sent_at: SENT.toISOString(),
      expected_date: '2026-11-28',
    });
    const files = readdirSync(outbox);
    expect(files).toHaveLength(1);
    const eml = readFileSync(join(outbox, files[0]!), 'utf8');
    expect(eml).toMatch(/^To: orders@bayside\.example/m);
    expect(eml).toContain('PO-000001');
    expect(eml.replace(/=\r?\n/g, '')).toMatch(/Please supply 120 x House Blend beans \(BEAN-HB\) at (£|=C2=A3)4\.20 each/);

    const audit = (await store.audit.forSubject(HB.itemKey)).map((a) => [a.action, a.by]);
    expect(audit).toEqual([
      ['drafted', 'stockbot'],
      ['approved', 'U0OWNER'],
      ['po-sent', 'stockbot'],
    ]);
    // The next check sees the open order and drafts nothing.
    const next = await dailyCheck(
      { documents: deps.documents, store, notifier: printedDrafts(() => {}) },
      new Date('2026-11-24T08:00:00Z'),
    );
    expect(next.checks[0]?.decision.move).toBe('stocked');
  });

  it('20 concurrent approvals send exactly one email and make one on-order', async () => {
    const { deps, queue, outbox } = await setup();
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => approveOrder(deps, HB, 'U0OWNER', LATER)));
    expect(outcomes.filter((o) => o.kind === 'approved')).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === 'already-decided')).toHaveLength(19);
    await queue.drain();
    expect(emails(outbox)).toHaveLength(1);
    expect(await store.orders.listByStatus('on-order')).toHaveLength(1);
    expect((await store.audit.forSubject(HB.itemKey)).filter((a) => a.action === 'approved')).toHaveLength(1);
  });

  it('a redelivered send job after success changes nothing', async () => {
    const { deps, queue, sender, outbox } = await setup();
    await approveOrder(deps, HB, 'U0OWNER', LATER);
    await queue.drain();
    expect(await sendPurchaseOrder(sender, HB, LATER)).toMatchObject({ kind: 'nothing-to-send' });
    expect(emails(outbox)).toHaveLength(1);
  });

  it('a send that keeps failing leaves the order approved with the error, never on-order; a later retry sends it', async () => {
    const { deps, queue, sender } = await setup(unreachableSes());
    await approveOrder(deps, HB, 'U0OWNER', LATER);
    await queue.drain();
    const stuck = await store.orders.get(HB.itemKey, HB.orderId);
    expect(stuck).toMatchObject({ status: 'approved', send_attempts: 3 });
    expect(stuck?.send_error).toContain('SES refused the email to orders@bayside.example');

    const outbox = mkdtempSync(join(tmpdir(), 'stockbot-outbox-'));
    expect(await sendPurchaseOrder({ ...sender, mail: outboxMail(outbox) }, HB, LATER, 4)).toMatchObject({ kind: 'sent' });
    expect(emails(outbox)).toHaveLength(1);
    const sent = await store.orders.get(HB.itemKey, HB.orderId);
    expect(sent).toMatchObject({ status: 'on-order', po_number: 'PO-000001' });
    expect(sent?.send_error).toBeUndefined();
  });

  it('a failed attempt throws SendFailed so the queue retries', async () => {
    const { sender } = await setup(unreachableSes());
    await store.orders.transition(HB.itemKey, HB.orderId, {
      from: ['pending'],
      set: { status: 'approved', decided_by: 'U0OWNER' },
      audit: { subject: HB.itemKey, action: 'approved', by: 'U0OWNER', at: LATER.toISOString() },
    });
    await expect(sendPurchaseOrder(sender, HB, LATER)).rejects.toBeInstanceOf(SendFailed);
    expect(await store.orders.get(HB.itemKey, HB.orderId)).toMatchObject({ status: 'approved', send_attempts: 1 });
  });

  it('parks an order whose supplier has no email instead of retrying', async () => {
    const { documents } = writeDocuments(
      ROWS,
      undefined,
      '## Bayside Roasters\npack size: 12\n\n## Acme Wholesale\nemail: po@acme.example\n',
    );
    await dailyCheck({ documents, store, notifier: printedDrafts(() => {}) }, MONDAY);
    const outbox = mkdtempSync(join(tmpdir(), 'stockbot-outbox-'));
    const sender: PoSenderDeps = { store, documents, mail: outboxMail(outbox), from: 'orders@harbourstreet.example' };
    let attempts = 0;
    const queue = inProcessQueue(async (item, attempt) => {
      attempts = attempt;
      if (item.kind === 'send-po') await sendPurchaseOrder(sender, item, LATER, attempt);
    });
    await approveOrder({ store, documents, queue }, HB, 'U0OWNER', LATER);
    await queue.drain();
    expect(attempts).toBe(1);
    expect(emails(outbox)).toHaveLength(0);
    expect(await store.orders.get(HB.itemKey, HB.orderId)).toMatchObject({
      status: 'approved',
      send_error: '"Bayside Roasters" has no email in the supplier doc: add one, then Retry',
    });
  });
});

describe('edit', () => {
  it('sends the edited quantity, supplier and note, and audits what changed', async () => {
    const { deps, queue, outbox } = await setup();
    const outcome = await approveOrder(deps, HB, 'U0OWNER', LATER, {
      qty: '144',
      supplier: 'Bayside Roasters',
      note: 'Please split into two deliveries.',
    });
    expect(outcome).toMatchObject({
      kind: 'approved',
      order: { qty: 144, edited: { qty: 144, note: 'Please split into two deliveries.' } },
    });
    await queue.drain();
    const eml = readFileSync(join(outbox, readdirSync(outbox)[0]!), 'utf8').replace(/=\r?\n/g, '');
    expect(eml).toContain('Please supply 144 x House Blend beans');
    expect(eml).toContain('Please split into two deliveries.');
    const audit = await store.audit.forSubject(HB.itemKey);
    expect(audit.find((a) => a.action === 'edited')).toMatchObject({ before: { qty: 120 }, after: { qty: 144 } });
  });

  it('rejects a quantity off the pack size or over the cap, changing nothing', async () => {
    const { deps } = await setup();
    expect(await approveOrder(deps, HB, 'U0OWNER', LATER, { qty: '125', supplier: null, note: '' })).toEqual({
      kind: 'invalid',
      field: 'qty',
      message: 'Order in packs of 12: try 120 or 132.',
    });
    expect(await approveOrder(deps, HB, 'U0OWNER', LATER, { qty: '600', supplier: null, note: '' })).toEqual({
      kind: 'invalid',
      field: 'qty',
      message: 'The order cap allows at most 492.',
    });
    expect(await approveOrder(deps, HB, 'U0OWNER', LATER, { qty: '120', supplier: 'Nobody Ltd', note: '' })).toMatchObject({
      kind: 'invalid',
      field: 'supplier',
    });
    expect(await store.orders.get(HB.itemKey, HB.orderId)).toMatchObject({ status: 'pending', qty: 120 });
  });
});

describe('skip', () => {
  it('marks the draft skipped and holds the item for the cooldown', async () => {
    const { deps } = await setup();
    expect(await skipOrder(deps, HB, 'U0OWNER', LATER)).toMatchObject({
      kind: 'skipped',
      order: { status: 'skipped', skip_until: '2026-11-24T08:05:00.000Z' },
    });
    expect((await store.state.getMany([HB.itemKey])).get(HB.itemKey)?.skipUntil).toBe('2026-11-24T08:05:00.000Z');
    expect(await approveOrder(deps, HB, 'U0OWNER', LATER)).toMatchObject({ kind: 'already-decided' });
  });
});

describe('writes that land with the decision', () => {
  it('a decision lands with its link nonce or not at all: a nonce already spent leaves the draft pending', async () => {
    const { deps } = await setup();
    expect(await approveOrder(deps, HB, 'owner@example.com', LATER, undefined, [store.dedupe.linkUseRequest('n-1', LATER)])).toMatchObject({
      kind: 'approved',
    });
    expect(await store.dedupe.linkUsed('n-1')).toBe(true);

    await store.orders.put({ ...(await store.orders.get(HB.itemKey, HB.orderId))!, order_id: '2026-11-24', status: 'pending' });
    const next = { itemKey: HB.itemKey, orderId: '2026-11-24' };
    expect(await skipOrder(deps, next, 'owner@example.com', LATER, [store.dedupe.linkUseRequest('n-1', LATER)])).toMatchObject({
      kind: 'already-decided',
      order: { status: 'pending' },
    });
    expect((await store.state.getMany([HB.itemKey])).get(HB.itemKey)?.skipUntil).toBeFalsy();
  });
});

describe('who may decide', () => {
  it('only the owner; anyone else is refused and audited', async () => {
    const { deps } = await setup();
    const rules = await deps.documents.readRules();
    expect(await authorizeOwner(deps, rules, 'U0OWNER', HB, 'approve', LATER)).toBe(true);
    expect(await authorizeOwner(deps, rules, 'U0MALLORY', HB, 'approve', LATER)).toBe(false);
    const refused = (await store.audit.forSubject(HB.itemKey)).filter((a) => a.action === 'refused');
    expect(refused).toEqual([expect.objectContaining({ by: 'U0MALLORY', detail: expect.stringContaining('only the owner (U0OWNER)') })]);
    expect(await store.orders.get(HB.itemKey, HB.orderId)).toMatchObject({ status: 'pending' });
  });
});
