import type { App } from '@slack/bolt';
import type { Services } from '../../src/services/services';
import { appHomeOpened } from './app-home-opened';
import { fileShareMessage, fileShared } from './count-upload';

export function register(app: App, services: Services): void {
  app.event('app_home_opened', appHomeOpened(services));
  app.event('file_shared', fileShared(services));
  app.message(fileShareMessage(services));
}
