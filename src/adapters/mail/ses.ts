import { SendRawEmailCommand, type SESClient } from '@aws-sdk/client-ses';
import { buildMime, type MailPort } from './index';

/** Production mail out: SES SendRawEmail with the MIME built locally. Errors propagate for the caller to retry or park. */
export function sesMail(client: SESClient): MailPort {
  return {
    async send(mail) {
      const { raw } = await buildMime(mail);
      try {
        const out = await client.send(new SendRawEmailCommand({ RawMessage: { Data: raw } }));
        return { messageId: out.MessageId ?? '' };
      } catch (err) {
        const e = err as Error;
        throw new Error(`SES refused the email to ${mail.to}: ${e.name}: ${e.message}`, { cause: err });
      }
    },
    describe: () => 'Amazon SES',
  };
}
