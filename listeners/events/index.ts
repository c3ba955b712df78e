import type { App } from '@slack/bolt';
import type { Services } from '../../src/app';
import { appHomeOpened } from './app-home-opened';

export function register(app: App, services: Services): void {
  app.event('app_home_opened', appHomeOpened(services));
}
