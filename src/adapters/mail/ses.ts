import { SendRawEmailCommand, type SESClient } from '@aws-sdk/client-ses';
import { buildMime, type MailPort } from './index';

/**
 * Production mail out: SES SendRawEmail with the MIME built locally (so our Message-ID and reference
 * header go out as-is). The SDK retries throttling and transient faults itself; whatever still fails
 * propagates for the caller to retry or park, reworded so a person can read it, with the SDK error as `cause`.
 */
export function sesMail(client: SESClient): MailPort {
  return {
    async send(mail) {
      const { raw } = await buildMime(mail);
      try {
        const out = await client.send(new SendRawEmailCommand({ RawMessage: { Data: raw } }));
        return { messageId: out.MessageId ?? '' };
      } catch (err) {
        const what = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
        throw new Error(`SES refused the email to ${mail.to}: ${what}`, { cause: err });
      }
    },
    describe: () => 'Amazon SES',
  };
}
