import { COUNT_BLOCK, FIX_BLOCK } from '../../views/ids';
import { COUNT_HELP, countOpenModal, countStatusText } from '../../views/count-session';
import { parkedFixModal } from '../../views/parked-fix-modal';
import type { Deps } from './deps';
import { checkFix } from './count-fixes';
import { closeCount, countChoices } from './count-sessions';
import { acceptUpload } from './count-uploads';
import { CLOSE, DONE, fieldError, tell, type FormReply, type OpenReply, type Reply } from './replies';

// What the count buttons, modals, `/count` and uploads in Slack come to. Each returns what to show whoever acted;
// the work itself is a count service or a queued job.

type TapDeps = Pick<Deps, 'store' | 'documents' | 'chat' | 'queue' | 'clock'>;

/** `/count`, `/count status`, `/count close [ID]`, `/count help`: the modal to open, or a note for whoever typed it. */
export async function countCommand(
  deps: TapDeps,
  text: string,
  channel: string,
  user: string,
  opts: { location?: string } = {},
): Promise<OpenReply> {
  const arg = text.trim().toLowerCase();
  if (arg === 'help') return tell(COUNT_HELP);
  if (arg === 'status') {
    const [sessions, rules] = await Promise.all([deps.store.counts.listActive(), deps.documents.readRules()]);
    return tell(countStatusText(sessions, rules.timezone));
  }
  if (arg === 'close' || arg.startsWith('close ')) return tell(await closeFromCommand(deps, text.trim().slice(5).trim(), channel, user));
  if (arg !== '') return tell(`\`/count ${text.trim()}\` is not something I know. ${COUNT_HELP}`);
  const { locations, categoriesByLocation } = await countChoices(deps.documents);
  if (locations.length === 0) return tell('The stock sheet has no items yet, so there is nothing to count.');
  const categories = [...new Set([...categoriesByLocation.values()].flat())].sort();
  // The channel /count was typed in rides along: the count is posted there when the rules doc names none for the location.
  return {
    kind: 'open',
    view: {
      ...countOpenModal({ locations, categories, user, ...(opts.location ? { location: opts.location } : {}) }),
      private_metadata: channel,
    },
  };
}

/** `/count close [ID]`: the named count, or the one open count posted in this channel. */
async function closeFromCommand(deps: TapDeps, id: string, channel: string, user: string): Promise<string> {
  let sessionId = id.toUpperCase();
  if (!sessionId) {
    const here = (await deps.store.counts.listActive()).filter((m) => m.channel === channel);
    if (here.length !== 1) {
      return here.length === 0
        ? 'No count is open in this channel. `/count close ID` closes one by its id (`/count status` lists them).'
        : `More than one count is open here: \`/count close ID\` with one of ${here.map((m) => m.session_id).join(', ')}.`;
    }
    sessionId = here[0]!.session_id;
  }
  const outcome = await closeCount(deps, sessionId, user, deps.clock());
  switch (outcome.kind) {
    case 'closed':
      return `Count ${sessionId} is closed.${outcome.waiting > 0 ? ` ${outcome.waiting} variance(s) still wait for the approver.` : ''}`;
    case 'already-closed':
      return `Count ${sessionId} was already closed.`;
    case 'not-allowed':
      return `Only the counter (<@${outcome.meta.counter}>), whoever opened count ${sessionId}, or the location's approver can close it.`;
    case 'unknown':
      return `There is no count ${sessionId}. \`/count status\` lists the open ones.`;
  }
}

/** What the /count modal's "Open count" carries. */
export interface OpenCountForm {
  location: string | null;
  categories: string[];
  counter: string | null;
  /** The channel /count was typed in. */
  fallbackChannel: string | null;
}

/**
 * "Open count": a location with a count already open keeps the modal up with a pointer to that count; otherwise the
 * modal closes and the queue opens the session (snapshot, message, sheet), then says where.
 */
export async function requestOpenCount(deps: TapDeps, form: OpenCountForm, by: string): Promise<FormReply> {
  if (!form.location) return fieldError(COUNT_BLOCK.location, 'Choose a location.');
  const open = await deps.store.counts.openFor(form.location);
  if (open) {
    const meta = await deps.store.counts.meta(open);
    const where = meta?.channel ? ` in <#${meta.channel}>` : '';
    return fieldError(COUNT_BLOCK.location, `Count ${open} is already open here${where}. Upload into its thread, or close it first.`);
  }
  await deps.queue.enqueue({
    kind: 'open-count',
    location: form.location,
    categories: form.categories.length > 0 ? form.categories : null,
    counter: form.counter ?? by,
    by,
    fallbackChannel: form.fallbackChannel,
  });
  return CLOSE;
}

/** "Confirm zero" on a line nobody counted: queued, because the new variance asks for a likely cause (a model call). */
export async function requestConfirmZero(deps: TapDeps, ref: { sessionId: string; sku: string }, by: string): Promise<Reply> {
  await deps.queue.enqueue({ kind: 'confirm-zero', sessionId: ref.sessionId, sku: ref.sku, by });
  return DONE;
}

/**
 * Fix on a parked row opens its modal. Slack's trigger_id lives 3 seconds, so the only work before the modal opens is
 * one read of the parked row; a row already fixed gets a note instead.
 */
export async function parkedFixForm(deps: TapDeps, ref: { sessionId: string; sk: string }): Promise<OpenReply> {
  const parked = await deps.store.counts.parkedRow(ref.sessionId, ref.sk);
  if (!parked) return DONE;
  if (parked.fixed) return tell(`That row was already fixed by <@${parked.fixed.by}>: ${parked.fixed.qty} × ${parked.fixed.sku}.`);
  return { kind: 'open', view: parkedFixModal(parked, { sku: parked.code }) };
}

/**
 * The Fix modal's "Count it": a SKU the stock sheet does not know, or a quantity that is not one, keeps the modal open
 * with the reason under the field. A good fix is queued (it may ask for a likely cause) and said in the thread.
 */
export async function submitParkedFix(
  deps: TapDeps,
  ref: { sessionId: string; sk: string },
  input: { sku: string; qty: string; unit: string },
  by: string,
): Promise<FormReply> {
  const checked = await checkFix(deps, ref, input);
  if ('field' in checked) return fieldError(FIX_BLOCK[checked.field], checked.message);
  await deps.queue.enqueue({ kind: 'fix-parked', sessionId: ref.sessionId, sk: ref.sk, sku: checked.sku, qty: checked.qty, by });
  return CLOSE;
}

/** "Close count": the counter, whoever opened it or the approver closes the session; anyone else is told privately. */
export async function closeCountTap(deps: TapDeps, sessionId: string, by: string): Promise<Reply> {
  const outcome = await closeCount(deps, sessionId, by, deps.clock());
  if (outcome.kind === 'not-allowed') {
    return tell(`Only the counter (<@${outcome.meta.counter}>), whoever opened the count, or the location's approver can close it.`);
  }
  if (outcome.kind === 'already-closed') return tell('This count is already closed. Type `/count` to open the next one.');
  return DONE;
}

/** `file_shared` carries no thread: ask Slack where the file went, then treat it as any upload. */
export async function acceptSharedFile(
  deps: TapDeps,
  file: { fileId: string; channel: string; user: string },
  botUserId?: string,
): Promise<void> {
  if (file.user === botUserId) return; // our own count sheet
  const where = await deps.chat.fileThread(file.fileId, file.channel);
  await acceptUpload(deps, { ...file, name: where.name, size: where.size, threadTs: where.threadTs }, botUserId);
}
