import { ownersDailyCheck } from '../../../jobs/daily-check';
import { awsRuntime, awsScheduler, onFirstEvent } from '../aws-runtime';

/** `daily-check`: run by its EventBridge schedule on business-day mornings in the business's timezone. */
export async function createDailyCheckHandler(env: NodeJS.ProcessEnv, clock: () => Date = () => new Date()) {
  const rt = await awsRuntime(env, clock);
  const scheduler = awsScheduler(env);
  return async () => {
    const { report, delivered } = await ownersDailyCheck({ documents: rt.documents, store: rt.store, drafts: rt.drafts, scheduler }, clock());
    const summary = {
      today: report.today,
      items: report.checks.length,
      counts: report.counts,
      created: report.created.length,
      resurfaced: report.resurfaced.length,
      delivered,
      warnings: report.warnings,
      notDelivered: report.notifyFailures.map((f) => ({ item: f.order.item_key, order: f.order.order_id, error: f.error })),
    };
    console.log(JSON.stringify(summary));
    return summary;
  };
}

export const handler = onFirstEvent(() => createDailyCheckHandler(process.env));
