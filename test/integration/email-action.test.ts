import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dailyCheck } from '../../jobs/daily-check';
import { outboxMail } from '../../src/adapters/mail/outbox';
import { printedDrafts } from '../../src/services/owner-notices';
import { consoleChat } from '../../src/adapters/slack/console-chat';
import { ownerNotices } from '../../src/services/owner-notices';
import { inProcessQueue } from '../../src/adapters/queue/in-process';
import { emailAction, type EmailActionDeps } from '../../src/services/email-action';
import { signLink } from '../../src/services/email-links';
import { sendPurchaseOrder } from '../../src/services/po-sender';
import type { Store } from '../../src/store/open-store';
import { writeDocuments } from '../support/documents';
import { testStore } from '../support/store';
import { startFakeSlack } from '../support/fake-slack';
import { LogLevel } from '@slack/bolt';
import { localDocuments } from '../../src/adapters/documents/local-files';
import { buildApp } from '../../src/app';
import type { AppConfig } from '../../src/config/app-config';
import { localRuntime } from '../../src/wiring';
import { freePort } from '../support/free-port';

const MONDAY = new Date('2026-11-23T08:00:00Z');
const CLICK = new Date('2026-11-23T09:00:00Z');
const REF = { itemKey: 'main#BEAN-HB', orderId: '2026-11-23' };
const SECRET = 'link-secret';

let store: Store;
beforeEach(async () => {
  store = await testStore();
});
afterEach(async () => store.close());

async function setup() {
  const { documents } = writeDocuments(['BEAN-HB,House Blend beans,main,Bayside Roasters,coffee,58,8,5,20,,4.20,,178,']);
  await dailyCheck({ documents, store, notifier: printedDrafts(() => {}) }, MONDAY);
  const outbox = mkdtempSync(join(tmpdir(), 'stockbot-outbox-'));
  const sender = { store, documents, mail: outboxMail(outbox), from: 'orders@harbourstreet.example' };
  const queue = inProcessQueue(
    async (item, attempt) => void (item.kind === 'send-po' && (await sendPurchaseOrder(sender, item, CLICK, attempt))),
    { backoffMs: 5 },
  );
  const deps: EmailActionDeps = { store, documents, queue, linkSecret: SECRET };
  return { deps, queue, outbox };
}

describe('email-action links', () => {
  it('GET shows a confirmation and changes nothing; the first POST approves; a replay is refused', async () => {
    const { deps, queue, outbox } = await setup();
    const token = signLink(SECRET, REF, 'approve', new Date('2026-11-30T00:00:00Z'));

    const get = await emailAction(deps, 'GET', token, CLICK);
    expect(get.status).toBe(200);
    expect(get.html).toContain('<form method="post">');
    expect(await store.orders.get(REF.itemKey, REF.orderId)).toMatchObject({ status: 'pending' });

    const post = await emailAction(deps, 'POST', token, CLICK);
    expect(post).toMatchObject({ status: 200 });
    expect(post.html).toContain('Approved');
    await queue.drain();
    expect(await store.orders.get(REF.itemKey, REF.orderId)).toMatchObject({ status: 'on-order', decided_by: 'owner (email link)' });
    expect(readdirSync(outbox)).toHaveLength(1);

    const replay = await emailAction(deps, 'POST', token, CLICK);
    expect(replay.status).toBe(409);
    await queue.drain();
    expect(readdirSync(outbox)).toHaveLength(1);
  });

  it('a tampered or expired link gets a clear page and changes nothing', async () => {
    const { deps } = await setup();
    const token = signLink(SECRET, REF, 'skip', new Date('2026-11-30T00:00:00Z'));
    const tampered = await emailAction(deps, 'POST', `${token.slice(0, -2)}xx`, CLICK);
    expect(tampered).toMatchObject({ status: 400 });
    expect(tampered.html).toContain('This link is not valid');
    const expired = await emailAction(deps, 'POST', signLink(SECRET, REF, 'approve', new Date('2026-11-23T08:30:00Z')), CLICK);
    expect(expired).toMatchObject({ status: 410 });
    expect(await store.orders.get(REF.itemKey, REF.orderId)).toMatchObject({ status: 'pending' });
  });

  it('a rules doc that fails to read mid-decision leaves the link working: the retry approves, a later POST is "already used"', async () => {
    const { deps, queue } = await setup();
    const token = signLink(SECRET, REF, 'approve', new Date('2026-11-30T00:00:00Z'));
    let failures = 1;
    const documents = {
      ...deps.documents,
      readRules: async () => {
        if (failures-- > 0) throw new Error('rules.txt is being saved');
        return deps.documents.readRules();
      },
    };
    await expect(emailAction({ ...deps, documents }, 'POST', token, CLICK)).rejects.toThrow(/being saved/);
    expect(await store.orders.get(REF.itemKey, REF.orderId)).toMatchObject({ status: 'pending' });

    const retry = await emailAction({ ...deps, documents }, 'POST', token, CLICK);
    expect(retry.status).toBe(200);
    expect(retry.html).toContain('Approved');
    await queue.drain();
    expect(await store.orders.get(REF.itemKey, REF.orderId)).toMatchObject({ status: 'on-order' });
    const again = await emailAction({ ...deps, documents }, 'POST', token, CLICK);
    expect(again.status).toBe(409);
    expect(again.html).toContain('This link was already used');
  });

  it('a DynamoDB hiccup in the decision leaves the link working: the retry skips, a later POST is "already used"', async () => {
    const { deps } = await setup();
    const token = signLink(SECRET, REF, 'skip', new Date('2026-11-30T00:00:00Z'));
    const send = store.dynamo.doc.send.bind(store.dynamo.doc);
    let failures = 1;
    jest.spyOn(store.dynamo.doc, 'send').mockImplementation(((command: { constructor: { name: string } }) => {
      if (command.constructor.name === 'TransactWriteCommand' && failures-- > 0)
        return Promise.reject(new Error('InternalServerError: the request failed'));
      return send(command as never);
    }) as never);

    await expect(emailAction(deps, 'POST', token, CLICK)).rejects.toThrow(/InternalServerError/);
    expect(await store.orders.get(REF.itemKey, REF.orderId)).toMatchObject({ status: 'pending' });

    const retry = await emailAction(deps, 'POST', token, CLICK);
    expect(retry.html).toContain('Skipped');
    expect(await store.orders.get(REF.itemKey, REF.orderId)).toMatchObject({ status: 'skipped' });
    expect((await emailAction(deps, 'POST', token, CLICK)).status).toBe(409);
    jest.restoreAllMocks();
  });

  it('two POSTs of one link at once: one decides, the other is told the link was already used', async () => {
    const { deps, queue } = await setup();
    const token = signLink(SECRET, REF, 'approve', new Date('2026-11-30T00:00:00Z'));
    const [a, b] = await Promise.all([emailAction(deps, 'POST', token, CLICK), emailAction(deps, 'POST', token, CLICK)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    await queue.drain();
    expect(await store.orders.get(REF.itemKey, REF.orderId)).toMatchObject({ status: 'on-order' });
  });

  it('a skip link skips once', async () => {
    const { deps } = await setup();
    const token = signLink(SECRET, REF, 'skip', new Date('2026-11-30T00:00:00Z'));
    expect((await emailAction(deps, 'POST', token, CLICK)).html).toContain('Skipped');
    expect(await store.orders.get(REF.itemKey, REF.orderId)).toMatchObject({ status: 'skipped' });
  });
});

describe('drafts by email when the owner has no Slack ID', () => {
  it('emails the draft with working Approve and Skip links', async () => {
    const { documents } = writeDocuments(
      ['BEAN-HB,House Blend beans,main,Bayside Roasters,coffee,58,8,5,20,,4.20,,178,'],
      'timezone: Europe/London\nowner email: owner@shop.example\n',
    );
    const inbox = mkdtempSync(join(tmpdir(), 'stockbot-inbox-'));
    const notifier = ownerNotices({
      store,
      chat: consoleChat(() => {}),
      mail: outboxMail(inbox),
      mailFrom: 'stockbot@shop.example',
      links: { secret: SECRET, actionUrl: 'http://localhost:3000/email-action' },
      clock: () => MONDAY,
    });
    const report = await dailyCheck({ documents, store, notifier }, MONDAY);
    expect(report.notifyFailures).toEqual([]);
    const eml = readFileSync(join(inbox, readdirSync(inbox)[0]!), 'utf8')
      .replace(/=\r?\n/g, '')
      .replace(/=3D/g, '=');
    expect(eml).toMatch(/^To: owner@shop\.example/m);
    const token = decodeURIComponent(/email-action\?token=([^\s"<&]+)/.exec(eml)?.[1] ?? '');
    const queue = inProcessQueue(async () => {});
    const get = await emailAction({ store, documents, queue, linkSecret: SECRET }, 'GET', token, CLICK);
    expect(get.status).toBe(200);
    expect(get.html).toContain('Approve and send this purchase order?');
  });
});

describe('the email-action route in Socket Mode', () => {
  it('serves the links on $PORT even though Slack itself connects over a socket', async () => {
    const slack = await startFakeSlack();
    const { paths } = writeDocuments(['BEAN-HB,House Blend beans,main,Bayside Roasters,coffee,58,8,5,20,,4.20,,178,']);
    await dailyCheck({ documents: localDocuments(paths), store, notifier: printedDrafts(() => {}) }, MONDAY);
    const port = await freePort();
    const config: AppConfig = {
      botToken: 'xoxb-test',
      signingSecret: '',
      appToken: 'xapp-test',
      botId: 'B0BOT',
      botUserId: 'U0BOT',
      slackApiUrl: slack.url,
      port,
      mailFrom: 'orders@harbourstreet.example',
      linkSecret: SECRET,
      emailActionUrl: `http://127.0.0.1:${port}/email-action`,
    };
    const runtime = localRuntime({
      config,
      store,
      documents: paths,
      mail: outboxMail(mkdtempSync(join(tmpdir(), 'stockbot-outbox-'))),
      clock: () => CLICK,
    });
    const app = buildApp({ config, services: runtime.services, logLevel: LogLevel.ERROR });
    // The fake Slack refuses apps.connections.open, so the socket never opens; the HTTP side is what is tested.
    void app.start().catch(() => {});
    try {
      const token = signLink(SECRET, REF, 'approve', new Date('2026-11-30T00:00:00Z'));
      const page = await fetchWhenListening(`${config.emailActionUrl}?token=${encodeURIComponent(token)}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<form method="post"/i);
      expect(slack.callsTo('apps.connections.open')[0]?.token).toBe('xapp-test');
    } finally {
      await app.stop().catch(() => {});
      await slack.close();
    }
  });
});

/** The receiver starts listening as app.start() begins; retry briefly until it answers. */
async function fetchWhenListening(url: string): Promise<Response> {
  for (let i = 0; ; i++) {
    try {
      return await fetch(url);
    } catch (err) {
      if (i >= 50) throw err;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
