import { createHmac } from 'node:crypto';

const TEAM = { id: 'T0TEAM', domain: 'harbourstreet' };
const APP_ID = 'A0APP';
const nowSeconds = () => Math.floor(Date.now() / 1000);
const triggerId = () => `${Date.now()}.47445629121.${Math.random().toString(16).slice(2, 18)}`;

/** The headers Slack puts on every request: `v0=` + HMAC-SHA256 hex of `v0:{timestamp}:{body}` with the signing secret. */
export function signSlackRequest(signingSecret: string, body: string, timestamp = nowSeconds()): Record<string, string> {
  const signature = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex');
  return { 'x-slack-signature': `v0=${signature}`, 'x-slack-request-timestamp': String(timestamp) };
}

/** Interactivity requests are a form with one field, `payload`, holding the JSON. */
export function interactionBody(payload: object): string {
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

export interface BlockActionInput {
  userId: string;
  actionId: string;
  value: string;
  channelId: string;
  messageTs: string;
  blockId?: string;
  triggerId?: string;
  responseUrl?: string;
}

/** The body Slack posts when someone clicks a button in a message. */
export function blockActionBody(p: BlockActionInput): string {
  return interactionBody({
    type: 'block_actions',
    user: { id: p.userId, username: p.userId.toLowerCase(), team_id: TEAM.id },
    team: TEAM,
    api_app_id: APP_ID,
    token: 'legacy-verification-token',
    trigger_id: p.triggerId ?? triggerId(),
    container: { type: 'message', message_ts: p.messageTs, channel_id: p.channelId, is_ephemeral: false },
    channel: { id: p.channelId, name: 'directmessage' },
    message: { type: 'message', ts: p.messageTs, text: '' },
    response_url: p.responseUrl ?? `https://hooks.slack.com/actions/${TEAM.id}/1/${p.messageTs}`,
    actions: [{ type: 'button', action_id: p.actionId, block_id: p.blockId ?? 'b1', value: p.value, action_ts: `${Date.now() / 1000}` }],
  });
}

export interface ViewSubmissionInput {
  userId: string;
  callbackId: string;
  privateMetadata: string;
  /** `view.state.values`: block_id → action_id → { type, value | selected_option … }. */
  values: unknown;
  viewId?: string;
  triggerId?: string;
}

/** The body Slack posts when someone submits a modal. */
export function viewSubmissionBody(p: ViewSubmissionInput): string {
  return interactionBody({
    type: 'view_submission',
    user: { id: p.userId, username: p.userId.toLowerCase(), team_id: TEAM.id },
    team: TEAM,
    api_app_id: APP_ID,
    token: 'legacy-verification-token',
    trigger_id: p.triggerId ?? triggerId(),
    view: {
      id: p.viewId ?? 'V0VIEW',
      type: 'modal',
      callback_id: p.callbackId,
      private_metadata: p.privateMetadata,
      state: { values: p.values },
      hash: '1732262400.h',
    },
  });
}

export interface SlashCommandInput {
  command: string;
  text?: string;
  userId: string;
  channelId: string;
  triggerId?: string;
  responseUrl?: string;
}

/** The form body Slack posts for a slash command. */
export function slashCommandBody(p: SlashCommandInput): string {
  return new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: TEAM.id,
    team_domain: TEAM.domain,
    channel_id: p.channelId,
    channel_name: 'directmessage',
    user_id: p.userId,
    user_name: p.userId.toLowerCase(),
    command: p.command,
    text: p.text ?? '',
    api_app_id: APP_ID,
    response_url: p.responseUrl ?? `https://hooks.slack.com/commands/${TEAM.id}/1/x`,
    trigger_id: p.triggerId ?? triggerId(),
  }).toString();
}

/** An Events API `event_callback` body as raw JSON (the exact string must be signed, so this returns the string). */
export function eventCallbackBody(event: Record<string, unknown>, opts: { eventId?: string; eventTime?: number } = {}): string {
  return JSON.stringify({
    token: 'legacy-verification-token',
    team_id: TEAM.id,
    api_app_id: APP_ID,
    type: 'event_callback',
    event_id: opts.eventId ?? `Ev${Date.now().toString(36).toUpperCase()}`,
    event_time: opts.eventTime ?? nowSeconds(),
    event,
  });
}

export interface FunctionUrlInput {
  body: string;
  headers: Record<string, string>;
  method?: string;
  /** May carry a query string: `/slack/events?x=1`. */
  path?: string;
  /** Function URLs base64-encode bodies they treat as binary; encoded as UTF-8 so non-ASCII text round-trips. */
  isBase64Encoded?: boolean;
  /** Same as `isBase64Encoded` (the name existing tests use). */
  base64?: boolean;
}

/** An AWS Lambda Function URL event (payload format 2.0), as Lambda hands it to the handler. */
export function functionUrlEvent(p: FunctionUrlInput) {
  const [rawPath = '/', rawQueryString = ''] = (p.path ?? '/').split('?', 2);
  const base64 = Boolean(p.isBase64Encoded ?? p.base64);
  const method = (p.method ?? 'POST').toUpperCase();
  const now = new Date();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    // Lambda lower-cases header names; Bolt's receiver looks them up lower-case.
    headers: Object.fromEntries(Object.entries(p.headers).map(([k, v]) => [k.toLowerCase(), v])),
    requestContext: {
      accountId: 'anonymous',
      apiId: 'stockbot',
      domainName: 'stockbot.lambda-url.eu-west-2.on.aws',
      http: {
        method,
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'Slackbot 1.0 (+https://api.slack.com/robots)',
      },
      requestId: `req-${now.getTime()}`,
      routeKey: '$default',
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    body: base64 ? Buffer.from(p.body, 'utf8').toString('base64') : p.body,
    isBase64Encoded: base64,
  };
}
