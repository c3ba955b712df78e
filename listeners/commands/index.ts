import type { App } from '@slack/bolt';
import type { Services } from '../../src/services/services';
import { countCommand } from './count';

export function register(app: App, services: Services): void {
  app.command('/count', countCommand(services));
}
