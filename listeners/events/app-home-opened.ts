import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../src/services/services';

/** App Home: built fresh from what is stored every time the tab opens. */
export const appHomeOpened =
  (s: Services) =>
  async ({ event }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs): Promise<void> => {
    if (event.tab === 'home') await s.home.publish(event.user);
  };
