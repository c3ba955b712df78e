import { createHmac } from 'node:crypto';

/** Headers Slack puts on every request: v0 HMAC-SHA256 of `v0:{timestamp}:{body}` with the signing secret. */
export function signSlackRequest(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  const signature = createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
  return { 'x-slack-signature': `v0=${signature}`, 'x-slack-request-timestamp': String(timestamp) };
}

/** The form body Slack posts when someone clicks a button in a message. */
export function blockActionBody(p: { userId: string; actionId: string; value: string; channelId: string; messageTs: string }): string {
  const payload = {
    type: 'block_actions',
    user: { id: p.userId, username: p.userId.toLowerCase(), team_id: 'T0TEAM' },
    team: { id: 'T0TEAM', domain: 'shop' },
    api_app_id: 'A0APP',
    token: 'legacy-token',
    trigger_id: `${Date.now()}.trigger`,
    container: { type: 'message', message_ts: p.messageTs, channel_id: p.channelId, is_ephemeral: false },
    channel: { id: p.channelId, name: 'directmessage' },
    message: { type: 'message', ts: p.messageTs, text: '' },
    response_url: 'https://hooks.slack.invalid/actions/T0TEAM/1/x',
    actions: [{ type: 'button', action_id: p.actionId, block_id: 'b1', value: p.value, action_ts: `${Date.now() / 1000}` }],
  };
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** The form body of a modal submission. */
export function viewSubmissionBody(p: { userId: string; callbackId: string; privateMetadata: string; values: unknown }): string {
  const payload = {
    type: 'view_submission',
    user: { id: p.userId, team_id: 'T0TEAM' },
    team: { id: 'T0TEAM' },
    api_app_id: 'A0APP',
    token: 'legacy-token',
    trigger_id: `${Date.now()}.trigger`,
    view: { id: 'V0VIEW', type: 'modal', callback_id: p.callbackId, private_metadata: p.privateMetadata, state: { values: p.values }, hash: 'h' },
  };
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** An AWS Lambda Function URL event (payload format 2.0). */
export function functionUrlEvent(p: { body: string; headers: Record<string, string>; base64?: boolean }) {
  return {
    version: '2.0',
    rawPath: '/',
    rawQueryString: '',
    headers: Object.fromEntries(Object.entries(p.headers).map(([k, v]) => [k.toLowerCase(), v])),
    requestContext: { http: { method: 'POST', path: '/' }, timeEpoch: Date.now() },
    body: p.base64 ? Buffer.from(p.body, 'utf8').toString('base64') : p.body,
    isBase64Encoded: Boolean(p.base64),
  };
}
