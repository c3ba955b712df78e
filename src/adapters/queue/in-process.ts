import type { WorkHandler, WorkItem, WorkQueue } from './index';

export interface InProcessQueue extends WorkQueue {
  /** Resolves when every enqueued item, retries included, has finished (tests, the demo, a CLI run). */
  drain(): Promise<void>;
}

/**
 * The embedded default for SQS: the same handler, run in this process after the listener has returned, with the
 * same at-least-once retries (attempts with backoff). Failures that outlive the attempts are the handler's to park.
 */
export function inProcessQueue(
  handler: WorkHandler,
  options: { attempts?: number; backoffMs?: number; onError?: (item: WorkItem, err: unknown) => void } = {},
): InProcessQueue {
  const attempts = options.attempts ?? 3;
  const backoffMs = options.backoffMs ?? 500;
  const running = new Set<Promise<void>>();

  const run = async (item: WorkItem): Promise<void> => {
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        await handler(item, attempt);
        return;
      } catch (err) {
        if (attempt === attempts) {
          options.onError?.(item, err);
          return;
        }
        await new Promise((r) => setTimeout(r, backoffMs * 2 ** (attempt - 1)));
      }
    }
  };

  return {
    enqueue: async (item) => {
      const task = new Promise<void>((resolve) => setImmediate(resolve)).then(() => run(item));
      running.add(task);
      void task.finally(() => running.delete(task));
    },
    drain: async () => {
      while (running.size > 0) await Promise.all([...running]);
    },
  };
}
