import { LogLevel } from '@slack/bolt';
import { buildApp } from '../../src/app';
import type { AppConfig } from '../../src/config/app-config';
import { slackFunctionUrlHandler } from '../../src/handlers/function-url';
import type { localRuntime } from '../../src/wiring';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack';
import { startRunningApp, type RunningApp } from '../support/running-app';
import { functionUrlEvent, signSlackRequest } from '../support/slack-signing';
import { AwsLambdaReceiver } from '@slack/bolt';

// A request that is signed but says nothing Bolt can read must get a 400 and leave the app serving.
const SECRET = 'robust-secret';
let slack: FakeSlack;
let url: string;
let config: AppConfig;
let runtime: ReturnType<typeof localRuntime>;

let running: RunningApp;
beforeAll(async () => {
  slack = await startFakeSlack();
  running = await startRunningApp(slack, {
    secret: SECRET,
    rows: ['BEAN-HB,House Blend beans,main,Bayside Roasters,coffee,58,8,5,20,,4.20,,178,'],
  });
  ({ url, config, runtime } = running);
});
afterAll(async () => {
  await running.stop();
  await slack.close();
});

const post = (body: string, contentType = 'application/x-www-form-urlencoded') =>
  fetch(url, { method: 'POST', headers: { 'content-type': contentType, ...signSlackRequest(SECRET, body) }, body });

describe('stockbot serve and bad requests', () => {
  it.each([['payload=null'], ['payload=%22text%22'], ['payload=%7Bnot%20json'], ['payload=']])(
    'a signed %s gets 400 and the app keeps serving',
    async (body) => {
      expect((await post(body)).status).toBe(400);
      // Still serving: an App Home event is handled.
      const event = JSON.stringify({
        type: 'event_callback',
        team_id: 'T0',
        api_app_id: 'A0',
        event_id: `Ev${Math.random()}`,
        event_time: 1,
        event: { type: 'app_home_opened', user: 'U0OWNER', tab: 'home' },
      });
      expect((await post(event, 'application/json')).status).toBe(200);
    },
  );

  it('the Lambda answers 400 too', async () => {
    const receiver = new AwsLambdaReceiver({ signingSecret: SECRET, logLevel: LogLevel.ERROR });
    buildApp({ config, services: runtime.services, receiver, logLevel: LogLevel.ERROR });
    const handler = slackFunctionUrlHandler(receiver);
    const body = 'payload=null';
    const res = await handler(
      functionUrlEvent({
        body,
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...signSlackRequest(SECRET, body) },
        base64: true,
      }),
    );
    expect(res.statusCode).toBe(400);
  });
});
