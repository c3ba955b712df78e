import { ConflictException, CreateScheduleCommand, type SchedulerClient } from '@aws-sdk/client-scheduler';
import type { DeliveryScheduler } from './index';

export interface EventBridgeTarget {
  /** The schedule group the one-off schedules live in. */
  groupName: string;
  /** The `work` queue's ARN: the schedule drops a run of the deliver-drafts job on it. */
  queueArn: string;
  /** The role EventBridge Scheduler assumes to send to that queue. */
  roleArn: string;
}

/** `at()` takes a local date-time without zone or seconds' fraction; we always book in UTC. */
const atExpression = (at: Date): string => `at(${at.toISOString().slice(0, 19)})`;

/**
 * Production wake-up: a one-off EventBridge Scheduler `at()` schedule that puts a run of the `deliver-drafts` job on the work
 * queue and deletes itself afterwards. One schedule per minute: every draft held until 08:00 shares the same one,
 * and booking it twice is a conflict we treat as done.
 */
export function eventBridgeScheduler(client: SchedulerClient, target: EventBridgeTarget): DeliveryScheduler {
  return {
    async wakeAt(at) {
      const minute = new Date(Math.ceil(at.getTime() / 60_000) * 60_000);
      const name = `deliver-drafts-${minute.toISOString().slice(0, 16).replace(/[-:]/g, '')}`;
      try {
        await client.send(
          new CreateScheduleCommand({
            Name: name,
            GroupName: target.groupName,
            ScheduleExpression: atExpression(minute),
            ScheduleExpressionTimezone: 'UTC',
            FlexibleTimeWindow: { Mode: 'OFF' },
            ActionAfterCompletion: 'DELETE',
            Target: {
              Arn: target.queueArn,
              RoleArn: target.roleArn,
              Input: JSON.stringify({ kind: 'run-job', job: 'deliver-drafts' }),
              RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 3600 },
            },
          }),
        );
      } catch (err) {
        if (err instanceof ConflictException) return;
        throw err;
      }
    },
    describe: () => 'EventBridge Scheduler one-off schedules',
  };
}
