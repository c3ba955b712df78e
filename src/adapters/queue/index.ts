/** Slow work handed off by a listener that must ack Slack within 3 seconds. */
export type WorkItem = { kind: 'send-po'; itemKey: string; orderId: string };

export interface WorkQueue {
  enqueue(item: WorkItem): Promise<void>;
}

/** What a queue runs. Throwing asks for a retry; the queue gives up after its attempts and the handler parks the work. */
export type WorkHandler = (item: WorkItem, attempt: number) => Promise<void>;
