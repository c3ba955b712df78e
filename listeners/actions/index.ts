import type { App } from '@slack/bolt';
import type { Services } from '../../src/app';
import { ACTION } from '../../views/ids';
import { approvePo } from './approve-po';
import { closeCountAction } from './close-count';
import { confirmZeroAction } from './confirm-zero';
import { applyDifference, approveVariance, recount, rejectVarianceAction, setCounted } from './decide-variance';
import { editPo } from './edit-po';
import { fixParkedAction } from './fix-parked';
import { retryPo } from './retry-po';
import { skipPo } from './skip-po';

export function register(app: App, services: Services): void {
  app.action(ACTION.approvePo, approvePo(services));
  app.action(ACTION.editPo, editPo(services));
  app.action(ACTION.skipPo, skipPo(services));
  app.action(ACTION.retryPo, retryPo(services));
  app.action(ACTION.approveVariance, approveVariance(services));
  app.action(ACTION.rejectVariance, rejectVarianceAction(services));
  app.action(ACTION.setCounted, setCounted(services));
  app.action(ACTION.applyDifference, applyDifference(services));
  app.action(ACTION.recount, recount(services));
  app.action(ACTION.confirmZero, confirmZeroAction(services));
  app.action(ACTION.fixParked, fixParkedAction(services));
  app.action(ACTION.closeCount, closeCountAction(services));
}
