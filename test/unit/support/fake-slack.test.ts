import { LogLevel, retryPolicies, WebClient, type WebAPIPlatformError } from '@slack/web-api';
import { type FakeSlack, startFakeSlack } from '../../support/fake-slack';

let slack: FakeSlack;
let client: WebClient;

beforeAll(async () => {
  slack = await startFakeSlack();
});
afterAll(() => slack.close());
beforeEach(() => {
  slack.reset();
  // rapidRetryPolicy drops p-retry's own backoff, so a retry waits only for Retry-After; ERROR hides the expected retry logs.
  client = new WebClient('xoxb-test', { slackApiUrl: slack.url, retryConfig: retryPolicies.rapidRetryPolicy, logLevel: LogLevel.ERROR });
});

describe('the fake Slack Web API, through the real WebClient', () => {
  it('serves on loopback under /api/ and records method, decoded args, bearer token and time', async () => {
    expect(slack.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
    const auth = await client.auth.test();
    expect(auth).toMatchObject({ ok: true, user_id: 'U0BOT', bot_id: 'B0BOT', team_id: 'T0TEAM', user: 'stockbot' });
    expect(slack.last('auth.test')).toEqual({ method: 'auth.test', args: {}, token: 'xoxb-test', at: expect.any(Number) });
  });

  it('accepts JSON bodies as well as form bodies', async () => {
    const res = await fetch(`${slack.url}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', authorization: 'Bearer xoxb-json' },
      body: JSON.stringify({ channel: 'C1', text: 'hi', blocks: [{ type: 'divider' }] }),
    });
    expect(await res.json()).toMatchObject({ ok: true, channel: 'C1' });
    expect(slack.last('chat.postMessage')).toMatchObject({ token: 'xoxb-json', args: { blocks: [{ type: 'divider' }] } });
  });

  it('opens one stable DM per user', async () => {
    const a = await client.conversations.open({ users: 'U0OWNER' });
    const b = await client.conversations.open({ users: 'U0OWNER' });
    const other = await client.conversations.open({ users: 'U0OTHER' });
    expect(a.channel?.id).toBe('D0OWNER');
    expect(b.channel?.id).toBe(a.channel?.id);
    expect(other.channel?.id).not.toBe(a.channel?.id);
  });

  it('postMessage → update → message() shows the update; blocks come back as objects, text stays text', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'Reorder *House Blend*' } }];
    const first = await client.chat.postMessage({ channel: 'D0OWNER', text: '[URGENT] reorder', blocks });
    const second = await client.chat.postMessage({ channel: 'D0OWNER', text: 'another' });
    expect(first).toMatchObject({ ok: true, channel: 'D0OWNER', message: { text: '[URGENT] reorder', blocks } });
    expect(first.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));
    expect(slack.last('chat.postMessage')?.args).toMatchObject({ channel: 'D0OWNER', text: 'another' });
    expect(slack.callsTo('chat.postMessage')[0]?.args.blocks).toEqual(blocks);

    const sent = [{ type: 'section', text: { type: 'mrkdwn', text: 'Sent as PO-000001' } }];
    const updated = await client.chat.update({ channel: 'D0OWNER', ts: first.ts!, text: 'Sent', blocks: sent });
    expect(updated).toMatchObject({ ok: true, channel: 'D0OWNER', ts: first.ts, text: 'Sent' });
    expect(slack.message('D0OWNER', first.ts!)).toMatchObject({ text: 'Sent', blocks: sent, updates: 1 });
    expect(slack.message('D0OWNER', second.ts!)).toMatchObject({ text: 'another', updates: 0 });
  });

  it('chat.update of a message never posted is message_not_found', async () => {
    await expect(client.chat.update({ channel: 'D0OWNER', ts: '1.000001', text: 'x' })).rejects.toMatchObject({
      data: { ok: false, error: 'message_not_found' },
    });
  });

  it('answers postEphemeral, views.open/update/publish and users.info like Slack', async () => {
    expect(await client.chat.postEphemeral({ channel: 'D0OWNER', user: 'U0MALLORY', text: 'Only the owner can approve.' })).toMatchObject({
      ok: true,
      message_ts: expect.stringMatching(/^\d+\.\d+$/),
    });
    const view = { type: 'modal' as const, callback_id: 'edit_po', title: { type: 'plain_text' as const, text: 'Edit' }, blocks: [] };
    const opened = await client.views.open({ trigger_id: 't1', view });
    expect(opened.view).toMatchObject({ id: expect.any(String), callback_id: 'edit_po' });
    expect((await client.views.update({ view_id: opened.view!.id!, view })).view?.id).toBe(opened.view?.id);

    const home = { type: 'home' as const, blocks: [{ type: 'divider' as const }] };
    const published = await client.views.publish({ user_id: 'U0OWNER', view: home });
    expect(published.view).toMatchObject({ id: expect.any(String), type: 'home', blocks: [{ type: 'divider' }] });
    expect((await client.views.publish({ user_id: 'U0OWNER', view: home })).view?.id).toBe(published.view?.id);
    expect(slack.last('views.publish')?.args).toMatchObject({ user_id: 'U0OWNER', view: home });

    expect((await client.users.info({ user: 'U0OWNER' })).user).toMatchObject({ id: 'U0OWNER', tz: 'Europe/London' });
  });

  it('files.uploadV2: gets an upload URL on the fake, stores the bytes, completes, and files.info finds it', async () => {
    const bytes = Buffer.from('PO-000001,House Blend beans,120\n£4.20 café\n', 'utf8');
    const res = await client.files.uploadV2({ channel_id: 'D0OWNER', file: bytes, filename: 'PO-000001.csv', initial_comment: 'Your PO' });
    expect(slack.callsTo('files.getUploadURLExternal')[0]?.args).toMatchObject({ filename: 'PO-000001.csv', length: String(bytes.length) });
    const id = slack.files()[0]?.id;
    expect(id).toMatch(/^F/);
    expect(slack.file(id!)?.bytes.equals(bytes)).toBe(true);
    expect(slack.file(id!)).toMatchObject({ name: 'PO-000001.csv', channels: ['D0OWNER'], completed: true, initial_comment: 'Your PO' });
    expect(JSON.stringify(res)).toContain(id);
    expect((await client.files.info({ file: id! })).file).toMatchObject({ id, name: 'PO-000001.csv', size: bytes.length });
    await expect(client.files.info({ file: 'F404' })).rejects.toMatchObject({ data: { error: 'file_not_found' } });
  });

  it('unknown methods answer unknown_method', async () => {
    await expect(client.apiCall('stock.teleport')).rejects.toMatchObject({ data: { ok: false, error: 'unknown_method' } });
  });

  it('fail(): invalid_blocks surfaces as a WebClient platform error, for `times` calls only', async () => {
    slack.fail('chat.postMessage', { error: 'invalid_blocks', times: 2 });
    for (let i = 0; i < 2; i++) {
      const err = (await client.chat.postMessage({ channel: 'D1', text: 'x' }).catch((e: unknown) => e)) as WebAPIPlatformError;
      expect(err.code).toBe('slack_webapi_platform_error');
      expect(err.data.error).toBe('invalid_blocks');
    }
    expect((await client.chat.postMessage({ channel: 'D1', text: 'x' })).ok).toBe(true);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(3);
  });

  it('rateLimit(): answers 429 with Retry-After; the real WebClient waits that long, retries, and succeeds', async () => {
    slack.rateLimit('chat.postMessage', { retryAfterSeconds: 1 });
    const limited = await fetch(`${slack.url}chat.postMessage`, { method: 'POST', body: 'channel=D1&text=x' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(await limited.json()).toEqual({ ok: false, error: 'ratelimited' });

    slack.rateLimit('chat.postMessage', { retryAfterSeconds: 1 });
    const res = await client.chat.postMessage({ channel: 'D1', text: 'after the wait' });
    expect(res.ok).toBe(true);
    const [, first, retry] = slack.callsTo('chat.postMessage');
    expect(retry!.at - first!.at).toBeGreaterThanOrEqual(950);
    expect(slack.message('D1', res.ts!)).toMatchObject({ text: 'after the wait' });
  });

  it('reset() forgets calls, messages and pending failures', async () => {
    const posted = await client.chat.postMessage({ channel: 'D1', text: 'x' });
    slack.fail('chat.postMessage', { error: 'channel_not_found' });
    slack.reset();
    expect(slack.calls).toEqual([]);
    expect(slack.message('D1', posted.ts!)).toBeUndefined();
    expect((await client.chat.postMessage({ channel: 'D1', text: 'y' })).ok).toBe(true);
  });
});
