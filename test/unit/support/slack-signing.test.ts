import { isValidSlackRequest } from '@slack/bolt';
import {
  blockActionBody,
  eventCallbackBody,
  functionUrlEvent,
  signSlackRequest,
  slashCommandBody,
  viewSubmissionBody,
} from '../../support/slack-signing';

// Slack's published example from "Verifying requests from Slack".
const EXAMPLE = {
  secret: '8f742231b10e8888abcd99yyyzzz85a5',
  timestamp: 1531420618,
  body:
    'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar' +
    '&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=' +
    '&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN' +
    '&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
  signature: 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
};

/** Bolt's own verifier, so the helpers sign exactly what the receivers check. */
function boltAccepts(secret: string, body: string, headers: Record<string, string>, nowMilliseconds = Date.now()): boolean {
  return isValidSlackRequest({
    signingSecret: secret,
    body,
    headers: {
      'x-slack-signature': headers['x-slack-signature']!,
      'x-slack-request-timestamp': Number(headers['x-slack-request-timestamp']),
    },
    nowMilliseconds,
  });
}

const payloadOf = (body: string) => JSON.parse(new URLSearchParams(body).get('payload')!) as Record<string, any>;

describe('signSlackRequest', () => {
  it("reproduces Slack's published signing example", () => {
    const headers = signSlackRequest(EXAMPLE.secret, EXAMPLE.body, EXAMPLE.timestamp);
    expect(headers).toEqual({ 'x-slack-signature': EXAMPLE.signature, 'x-slack-request-timestamp': '1531420618' });
    expect(boltAccepts(EXAMPLE.secret, EXAMPLE.body, headers, EXAMPLE.timestamp * 1000)).toBe(true);
  });

  it('signs with the current time by default; Bolt refuses a wrong secret or a stale timestamp', () => {
    const body = blockActionBody({ userId: 'U0OWNER', actionId: 'approve_po', value: 'v', channelId: 'D0OWNER', messageTs: '1.0' });
    expect(boltAccepts('s3cret', body, signSlackRequest('s3cret', body))).toBe(true);
    expect(boltAccepts('s3cret', body, signSlackRequest('other', body))).toBe(false);
    expect(boltAccepts('s3cret', body, signSlackRequest('s3cret', body, Math.floor(Date.now() / 1000) - 6 * 60))).toBe(false);
  });
});

describe('request body builders', () => {
  it('a block_actions click', () => {
    const body = blockActionBody({
      userId: 'U0OWNER',
      actionId: 'approve_po',
      value: 'main#BEAN-HB|2026-11-23',
      channelId: 'D0OWNER',
      messageTs: '1732262400.000100',
      blockId: 'po',
    });
    expect(body).toMatch(/^payload=[^&]+$/);
    expect(payloadOf(body)).toMatchObject({
      type: 'block_actions',
      user: { id: 'U0OWNER' },
      actions: [{ type: 'button', action_id: 'approve_po', value: 'main#BEAN-HB|2026-11-23', block_id: 'po' }],
      container: { type: 'message', channel_id: 'D0OWNER', message_ts: '1732262400.000100' },
      channel: { id: 'D0OWNER' },
      message: { ts: '1732262400.000100' },
      trigger_id: expect.any(String),
      response_url: expect.stringMatching(/^https:\/\//),
    });
  });

  it('a view_submission with non-ASCII input', () => {
    const values = { note: { note_input: { type: 'plain_text_input', value: 'Café crème, rear door' } } };
    const body = viewSubmissionBody({ userId: 'U0OWNER', callbackId: 'edit_po', privateMetadata: 'ref', values });
    expect(payloadOf(body)).toMatchObject({
      type: 'view_submission',
      user: { id: 'U0OWNER' },
      view: { callback_id: 'edit_po', private_metadata: 'ref', state: { values } },
    });
  });

  it('a slash command', () => {
    const form = new URLSearchParams(
      slashCommandBody({ command: '/stock', text: 'check BEAN-HB', userId: 'U0OWNER', channelId: 'D0OWNER' }),
    );
    expect(Object.fromEntries(form)).toMatchObject({ command: '/stock', text: 'check BEAN-HB', user_id: 'U0OWNER', channel_id: 'D0OWNER' });
    expect(form.get('trigger_id')).toBeTruthy();
    expect(form.get('response_url')).toMatch(/^https:\/\//);
  });

  it('an Events API event_callback', () => {
    const event = { type: 'app_home_opened', user: 'U0OWNER', tab: 'home' };
    expect(JSON.parse(eventCallbackBody(event, { eventId: 'Ev1', eventTime: 1732262400 }))).toMatchObject({
      type: 'event_callback',
      event_id: 'Ev1',
      event_time: 1732262400,
      event,
    });
    expect(JSON.parse(eventCallbackBody(event))).toMatchObject({ event_id: expect.stringMatching(/^Ev/), event_time: expect.any(Number) });
  });
});

describe('functionUrlEvent', () => {
  it('builds a payload-2.0 event with lower-cased headers, method, path and query', () => {
    const e = functionUrlEvent({
      method: 'post',
      path: '/slack/events?retry=1',
      headers: { 'Content-Type': 'application/json', 'X-Slack-Signature': 'v0=x' },
      body: '{}',
    });
    expect(e).toMatchObject({
      version: '2.0',
      rawPath: '/slack/events',
      rawQueryString: 'retry=1',
      headers: { 'content-type': 'application/json', 'x-slack-signature': 'v0=x' },
      requestContext: { http: { method: 'POST', path: '/slack/events' }, timeEpoch: expect.any(Number) },
      body: '{}',
      isBase64Encoded: false,
    });
  });

  it('base64-encodes the body as UTF-8 when asked, so non-ASCII text round-trips', () => {
    const body = eventCallbackBody({ type: 'app_home_opened', note: 'Café crème £4.20' });
    const e = functionUrlEvent({ headers: {}, body, isBase64Encoded: true });
    expect(e.isBase64Encoded).toBe(true);
    expect(e.body).not.toContain('Café');
    expect(Buffer.from(e.body, 'base64').toString('utf8')).toBe(body);
    expect(functionUrlEvent({ headers: {}, body, base64: true }).body).toBe(e.body);
  });
});
