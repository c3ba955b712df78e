import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../src/app';
import { closeCount, countChoices } from '../../src/services/count-sessions';
import { COUNT_HELP, countOpenModal, countStatusText } from '../../views/count-session';

/** `/count close [ID]`: the named count, or the one open count posted in this channel. */
async function closeFromCommand(s: Services, id: string, channel: string, user: string): Promise<string> {
  let sessionId = id.toUpperCase();
  if (!sessionId) {
    const here = (await s.store.counts.listActive()).filter((m) => m.channel === channel);
    if (here.length !== 1) return here.length === 0 ? 'No count is open in this channel. `/count close ID` closes one by its id (`/count status` lists them).' : `More than one count is open here: \`/count close ID\` with one of ${here.map((m) => m.session_id).join(', ')}.`;
    sessionId = here[0]!.session_id;
  }
  const outcome = await closeCount(s, sessionId, user, s.clock());
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

/**
 * `/count` opens the count modal (first, before anything slow: its trigger_id lives 3 seconds); `/count status` lists
 * open counts; `/count help` explains. Answers to the last two are private to whoever typed them.
 */
export const countCommand =
  (s: Services) =>
  async ({ command, ack, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const arg = command.text.trim().toLowerCase();
    if (arg === 'help') return ack({ response_type: 'ephemeral', text: COUNT_HELP });
    if (arg === 'status') {
      const [sessions, rules] = await Promise.all([s.store.counts.listActive(), s.documents.readRules()]);
      return ack({ response_type: 'ephemeral', text: countStatusText(sessions, rules.timezone) });
    }
    if (arg === 'close' || arg.startsWith('close ')) return ack({ response_type: 'ephemeral', text: await closeFromCommand(s, command.text.trim().slice(5).trim(), command.channel_id, command.user_id) });
    if (arg !== '') return ack({ response_type: 'ephemeral', text: `\`/count ${command.text.trim()}\` is not something I know. ${COUNT_HELP}` });
    const { locations, categoriesByLocation } = await countChoices(s.documents);
    if (locations.length === 0) return ack({ response_type: 'ephemeral', text: 'The stock sheet has no items yet, so there is nothing to count.' });
    await ack();
    const categories = [...new Set([...categoriesByLocation.values()].flat())].sort();
    const view = countOpenModal({ locations, categories, user: command.user_id });
    await client.views.open({ trigger_id: command.trigger_id, view: { ...view, private_metadata: command.channel_id } });
  };
