import { MAX_COUNT_FILE_BYTES } from '../adapters/slack/chat';
import type { Deps } from './deps';

export interface Upload {
  fileId: string;
  name: string;
  size: number;
  user: string;
  channel: string;
  threadTs: string | null;
}

const COUNT_FILE = /\.(csv|xlsx|txt)$/i;
const NEEDS_TEXTRACT = /\.(pdf|png|jpe?g|tiff?|heic)$/i;

/**
 * The upload lane's front door, run by the event listeners: ignore our own files, find the session by its thread,
 * check the file's type and size, say "Reading the count…" and queue the capture. Each file is handled once,
 * whichever of Slack's two events for it arrives first. A count file outside any session gets a pointer, not silence.
 */
export async function acceptUpload(
  s: Pick<Deps, 'store' | 'chat' | 'queue' | 'documents' | 'clock'>,
  upload: Upload,
  botUserId?: string,
): Promise<void> {
  if (!upload.user || upload.user === botUserId) return;
  if (!(await s.store.dedupe.firstTime(`count-file#${upload.fileId}`, s.clock()))) return;
  const session = upload.threadTs ? await s.store.counts.byThread(upload.channel, upload.threadTs) : null;
  const reply = (text: string) =>
    upload.threadTs ? s.chat.post(upload.channel, { text }, upload.threadTs) : s.chat.whisper(upload.channel, upload.user, text);

  if (!session) {
    // Any file in any channel would be too chatty: only files that look like counts, or uploads in a count channel.
    const rules = await s.documents.readRules();
    const countChannel = Object.values(rules.locationChannels).includes(upload.channel);
    if (COUNT_FILE.test(upload.name) || countChannel) {
      await reply(
        `${upload.name} is not in a count's thread, so I have not read it. Upload it as a reply to the count's message ` +
          '(`/count status` lists open counts), or type `/count` to open one.',
      );
    }
    return;
  }
  if (session.session_status === 'closed')
    return void (await reply(`Count ${session.session_id} is closed; ${upload.name} was not read. Type \`/count\` to open a new one.`));
  if (NEEDS_TEXTRACT.test(upload.name)) {
    return void (await reply(
      `${upload.name} is a PDF or a picture; reading those needs Textract, which this installation does not have. Upload the sheet as ` +
        `CSV or XLSX.`,
    ));
  }
  if (!COUNT_FILE.test(upload.name)) {
    return void (await reply(
      `${upload.name} is not a count file I can read: upload the count sheet as XLSX or CSV, or a scanner export as CSV.`,
    ));
  }
  if (upload.size > MAX_COUNT_FILE_BYTES) {
    return void (await reply(
      `${upload.name} is ${Math.round(upload.size / 1e6)} MB; count files must be under ${MAX_COUNT_FILE_BYTES / 1e6} MB. Split it by ` +
        `bin and upload the parts.`,
    ));
  }
  await reply(`Reading the count in ${upload.name}…`);
  await s.queue.enqueue({ kind: 'capture-count', sessionId: session.session_id, fileId: upload.fileId, user: upload.user });
}
