import { receiveMail } from '../../services/mail-intake';
import { lambdaRuntime } from '../../wiring';
import { onFirstEvent } from '../on-first-event';
import { queueConsumer, type SqsEvent } from '../queue-consumer';

/** The object SES writes to check it may use the bucket, when the receipt rule is created. */
const SES_SETUP_NOTIFICATION = 'AMAZON_SES_SETUP_NOTIFICATION';

/** The parts of an S3 notification the handler reads: which object arrived where. */
interface S3Event {
  Records: { eventSource?: string; s3: { bucket: { name: string }; object: { key: string } } }[];
}

/**
 * `mail-in`: SES writes each mail to the mail bucket under `inbox/`, and the bucket's notification wakes this function,
 * which reads it into a proposal for the owner. It also reads the mail queue (a discarded mail is moved aside here,
 * the only function that may reach the raw mail). The only function that may call Textract; it writes no quantity.
 */
export async function createMailInHandler(env: NodeJS.ProcessEnv, clock?: () => Date) {
  const rt = await lambdaRuntime(env, clock, []);
  const queue = queueConsumer(rt, 'mail');
  return async (event: S3Event | SqsEvent) => {
    const records = event.Records as (S3Event['Records'][number] | SqsEvent['Records'][number])[];
    if (records.every((r) => 'body' in r)) return queue(event as SqsEvent);
    for (const record of (event as S3Event).Records) {
      // S3 sends keys URL-encoded, with spaces as "+".
      const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
      // SES writes one test object when a receipt rule is created: it is not a mail anyone sent.
      if (key.endsWith(SES_SETUP_NOTIFICATION)) continue;
      const outcome = await receiveMail(rt.deps, key);
      console.log(JSON.stringify({ mail: key, outcome: outcome.kind, rows: outcome.record.rows.length }));
    }
    return undefined;
  };
}

export const handler = onFirstEvent(() => createMailInHandler(process.env));
