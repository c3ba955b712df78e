import { createHmac } from 'node:crypto';
import { z } from 'zod';

const optional = z
  .string()
  .transform((s) => s.trim())
  .optional()
  .transform((s) => (s ? s : undefined));

/** The environment the Slack app runs from (`.env` locally, Lambda settings on AWS). Documented in .env.example. */
const AppEnv = z.object({
  SLACK_BOT_TOKEN: optional.refine((s) => s === undefined || s.startsWith('xoxb-'), 'expected a bot token starting with xoxb-'),
  SLACK_SIGNING_SECRET: optional,
  SLACK_APP_TOKEN: optional.refine((s) => s === undefined || s.startsWith('xapp-'), 'expected an app-level token starting with xapp-'),
  SLACK_BOT_ID: optional,
  SLACK_BOT_USER_ID: optional,
  SLACK_API_URL: optional.refine((s) => s === undefined || /^https?:\/\//.test(s), 'expected an http(s) URL'),
  PORT: z.coerce.number().int().min(1, 'expected a port number').max(65535, 'expected a port number').default(3000),
  MAIL_FROM: z.string().trim().email('expected an email address').default('stockbot@localhost'),
  EMAIL_LINK_SECRET: optional,
  EMAIL_ACTION_URL: optional.refine((s) => s === undefined || /^https?:\/\//.test(s), 'expected an http(s) URL'),
});

export type AppConfig = {
  botToken: string;
  signingSecret: string;
  appToken?: string;
  botId?: string;
  botUserId?: string;
  slackApiUrl?: string;
  port: number;
  mailFrom: string;
  /** Signs the Approve / Skip links in draft emails. */
  linkSecret: string;
  /** Where those links point: the email-action endpoint. */
  emailActionUrl: string;
};

/** Slack credentials are configured: `npm start` serves the app instead of running the demo. */
export const slackConfigured = (env: NodeJS.ProcessEnv): boolean => Boolean(env.SLACK_BOT_TOKEN?.trim());

/** Reads and checks the app's settings; every problem names the variable and what it should look like. */
export function appConfigFromEnv(env: NodeJS.ProcessEnv): AppConfig {
  const parsed = AppEnv.safeParse(env);
  if (!parsed.success) {
    throw new Error(
      `the Slack app's settings have problems:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`,
    );
  }
  const e = parsed.data;
  const missing = [
    !e.SLACK_BOT_TOKEN && 'SLACK_BOT_TOKEN',
    !e.SLACK_SIGNING_SECRET && !e.SLACK_APP_TOKEN && 'SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode)',
  ].filter(Boolean);
  if (missing.length > 0) throw new Error(`the Slack app needs ${missing.join(' and ')}; see .env.example`);
  return {
    botToken: e.SLACK_BOT_TOKEN!,
    signingSecret: e.SLACK_SIGNING_SECRET ?? '',
    ...(e.SLACK_APP_TOKEN ? { appToken: e.SLACK_APP_TOKEN } : {}),
    ...(e.SLACK_BOT_ID ? { botId: e.SLACK_BOT_ID } : {}),
    ...(e.SLACK_BOT_USER_ID ? { botUserId: e.SLACK_BOT_USER_ID } : {}),
    ...(e.SLACK_API_URL ? { slackApiUrl: e.SLACK_API_URL.endsWith('/') ? e.SLACK_API_URL : `${e.SLACK_API_URL}/` } : {}),
    port: e.PORT,
    mailFrom: e.MAIL_FROM,
    // Without a secret of its own, links are signed with one derived from the Slack secret: stable across restarts.
    linkSecret:
      e.EMAIL_LINK_SECRET ??
      createHmac('sha256', e.SLACK_SIGNING_SECRET ?? e.SLACK_APP_TOKEN ?? '')
        .update('stockbot email links')
        .digest('hex'),
    emailActionUrl: e.EMAIL_ACTION_URL ?? `http://localhost:${e.PORT}/email-action`,
  };
}
