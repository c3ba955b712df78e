import { appConfigFromEnv, slackConfigured } from '../../../src/config/app-config';

describe('app config from the environment', () => {
  it('reads the Slack settings, with defaults for port and sender', () => {
    expect(
      appConfigFromEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's3cret', SLACK_API_URL: 'http://127.0.0.1:9/api' }),
    ).toEqual({
      botToken: 'xoxb-1',
      signingSecret: 's3cret',
      slackApiUrl: 'http://127.0.0.1:9/api/',
      port: 3000,
      mailFrom: 'stockbot@localhost',
      linkSecret: expect.stringMatching(/^[0-9a-f]{64}$/),
      emailActionUrl: 'http://localhost:3000/email-action',
    });
  });

  it('Socket Mode needs no signing secret', () => {
    expect(appConfigFromEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' })).toMatchObject({
      appToken: 'xapp-1',
      signingSecret: '',
    });
  });

  it('says which variable is missing or wrong, and what it should look like', () => {
    expect(() => appConfigFromEnv({})).toThrow(
      'the Slack app needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode); see .env.example',
    );
    expect(() => appConfigFromEnv({ SLACK_BOT_TOKEN: 'xoxp-user', SLACK_SIGNING_SECRET: 's' })).toThrow(
      'SLACK_BOT_TOKEN: expected a bot token starting with xoxb-',
    );
    expect(() => appConfigFromEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', PORT: 'eighty' })).toThrow(/PORT: /);
    expect(() => appConfigFromEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', MAIL_FROM: 'nobody' })).toThrow(
      'MAIL_FROM: expected an email address',
    );
  });

  it('blank values count as unset (an .env copied from .env.example)', () => {
    expect(slackConfigured({ SLACK_BOT_TOKEN: '' })).toBe(false);
    expect(slackConfigured({ SLACK_BOT_TOKEN: 'xoxb-1' })).toBe(true);
    expect(
      appConfigFromEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', SLACK_APP_TOKEN: '', SLACK_API_URL: '' }),
    ).not.toHaveProperty('appToken');
  });
});
