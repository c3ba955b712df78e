import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../src/app';
import { countChoices } from '../../src/services/count-sessions';
import { COUNT_HELP, countOpenModal, countStatusText } from '../../views/count-session';

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
    if (arg !== '') return ack({ response_type: 'ephemeral', text: `\`/count ${command.text.trim()}\` is not something I know. ${COUNT_HELP}` });
    const { locations, categoriesByLocation } = await countChoices(s.documents);
    if (locations.length === 0) return ack({ response_type: 'ephemeral', text: 'The stock sheet has no items yet, so there is nothing to count.' });
    await ack();
    const categories = [...new Set([...categoriesByLocation.values()].flat())].sort();
    const view = countOpenModal({ locations, categories, user: command.user_id });
    await client.views.open({ trigger_id: command.trigger_id, view: { ...view, private_metadata: command.channel_id } });
  };
