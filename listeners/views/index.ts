import type { App } from '@slack/bolt';
import type { Services } from '../../src/services/services';
import { VIEW } from '../../views/ids';
import { countOpenSubmitted } from './count-open-submitted';
import { editPoSubmitted } from './edit-po-submitted';
import { fixParkedSubmitted } from './fix-parked-submitted';
import { fixTillSubmitted } from './fix-till-submitted';
import { intakeEditSubmitted } from './intake-edit-submitted';
import { receiveSubmitted } from './receive-submitted';

export function register(app: App, services: Services): void {
  app.view(VIEW.editPo, editPoSubmitted(services));
  app.view(VIEW.openCount, countOpenSubmitted(services));
  app.view(VIEW.fixParked, fixParkedSubmitted(services));
  app.view(VIEW.receiveOrder, receiveSubmitted(services));
  app.view(VIEW.fixTill, fixTillSubmitted(services));
  app.view(VIEW.editIntake, intakeEditSubmitted(services));
}
