import type { App } from '@slack/bolt';
import type { Services } from '../../src/services/services';
import { ACTION } from '../../views/ids';
import { closeCountAction } from './close-count';
import { confirmZeroAction } from './confirm-zero';
import { editPo } from './edit-po';
import { fixParkedAction } from './fix-parked';
import { fixTillAction } from './fix-till';
import { editIntake, intakeButton } from './intake-buttons';
import { markReceived } from './mark-received';
import { openCountAction } from './open-count';
import { orderButton } from './order-buttons';
import { varianceButton } from './variance-buttons';

export function register(app: App, services: Services): void {
  app.action(ACTION.approvePo, orderButton(services, 'approve'));
  app.action(ACTION.editPo, editPo(services));
  app.action(ACTION.skipPo, orderButton(services, 'skip'));
  app.action(ACTION.retryPo, orderButton(services, 'retry'));
  app.action(ACTION.markReceived, markReceived(services));
  app.action(ACTION.chasePo, orderButton(services, 'chase'));
  app.action(ACTION.undoReceipt, orderButton(services, 'undo-receipt'));
  app.action(ACTION.useTillRate, orderButton(services, 'use-till-rate'));
  app.action(ACTION.openCount, openCountAction(services));
  app.action(ACTION.startCount, openCountAction(services, 'reminder'));
  app.action(ACTION.approveVariance, varianceButton(services, 'approve'));
  app.action(ACTION.rejectVariance, varianceButton(services, 'reject'));
  app.action(ACTION.setCounted, varianceButton(services, 'set-counted'));
  app.action(ACTION.applyDifference, varianceButton(services, 'apply-difference'));
  app.action(ACTION.recount, varianceButton(services, 'recount'));
  app.action(ACTION.confirmZero, confirmZeroAction(services));
  app.action(ACTION.fixParked, fixParkedAction(services));
  app.action(ACTION.closeCount, closeCountAction(services));
  app.action(ACTION.fixTill, fixTillAction(services));
  app.action(ACTION.approveIntake, intakeButton(services, 'approve'));
  app.action(ACTION.editIntake, editIntake(services));
  app.action(ACTION.discardIntake, intakeButton(services, 'discard'));
}
