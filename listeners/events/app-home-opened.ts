import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../src/app';

/** App Home: drafts waiting, orders on order, items on watch — fresh every time the tab opens. */
export const appHomeOpened =
  (s: Services) =>
  async ({ event }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs): Promise<void> => {
    if (event.tab !== 'home') return;
    await s.owner.publishHome(event.user, await s.documents.readRules());
  };
