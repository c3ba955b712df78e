import { z } from 'zod';

const text = z.string().min(1);

/**
 * Slow work handed off by a listener that must ack Slack within 3 seconds, by another piece of work, or by a
 * schedule. One schema: a queued message that does not match it is refused with the reason, never half-run.
 */
export const WorkItemSchema = z.discriminatedUnion('kind', [
  /** Email an approved purchase order to its supplier. */
  z.object({ kind: z.literal('send-po'), itemKey: text, orderId: text }),
  /** Email a supplier asking where an overdue order is (the owner tapped Ask the supplier). */
  z.object({ kind: z.literal('send-chase'), itemKey: text, orderId: text, by: text }),
  /** Run a scheduled job from the registry (jobs/index.ts) now: a schedule's tick, or a wake-up booked for held drafts. */
  z.object({ kind: z.literal('run-job'), job: text }),
  /** The owner took the till's measured rate on a draft: queue it for the stock sheet. */
  z.object({ kind: z.literal('use-till-rate'), itemKey: text, orderId: text, by: text }),
  /** The owner approved a mailed-in proposal: write its rows. */
  z.object({ kind: z.literal('apply-intake'), mailId: text, by: text }),
  /** The owner discarded one: move the raw mail aside, where only the mail-in function may reach it. */
  z.object({ kind: z.literal('discard-mail'), mailId: text }),
  /** Open a count session from the /count modal: snapshot, session message, pre-filled sheet. */
  z.object({
    kind: z.literal('open-count'),
    location: text,
    categories: z.array(z.string()).nullable(),
    counter: text,
    by: text,
    fallbackChannel: z.string().nullable(),
  }),
  /** Read a count file uploaded into a session's thread: capture, reconcile, post the summary and variance cards. */
  z.object({ kind: z.literal('capture-count'), sessionId: text, fileId: text, user: text }),
  /** Post an approved variance to stock (the stock-poster's queue: no other function may write a quantity). */
  z.object({ kind: z.literal('post-variance'), sessionId: text, sku: text, by: text, choice: z.enum(['counted', 'difference']) }),
  /** "Confirm zero" on a line nobody counted: it becomes a counted zero and a material variance (with a likely cause). */
  z.object({ kind: z.literal('confirm-zero'), sessionId: text, sku: text, by: text }),
  /** A parked row fixed in its modal: the SKU it is and the eaches counted; it re-enters reconciliation. */
  z.object({ kind: z.literal('fix-parked'), sessionId: text, sk: text, sku: text, qty: z.number().finite().nonnegative(), by: text }),
  /** Rebuild one person's App Home after a decision, off the click's ack path. */
  z.object({ kind: z.literal('refresh-home'), user: text }),
  /** A till's event, signature checked: its lines applied to stock, each once (the stock poster's queue). */
  z.object({
    kind: z.literal('pos-event'),
    event: z.object({
      format: z.enum(['generic', 'shopify', 'square']),
      eventId: text,
      at: text,
      order: z.string().optional(),
      lines: z.array(
        z.object({
          lineId: text,
          kind: z.enum(['sale', 'refund', 'received', 'count', 'cancel']),
          code: text,
          location: z.string().nullable(),
          qty: z.number().finite(),
          orderLine: z.string().optional(),
          at: z.string().optional(),
        }),
      ),
    }),
  }),
]);

export type WorkItem = z.infer<typeof WorkItemSchema>;
export type WorkKind = WorkItem['kind'];

/** The queues on AWS. Each has its own consumer, so a role reads only the queue of the work it may do. */
export type QueueName = 'send-po' | 'stock-post' | 'work' | 'sheets' | 'mail';

/**
 * Which queue each kind of work goes to: emailing a supplier and writing a quantity (a posted count, a till's sale) each
 * have a function of their own.
 */
export const QUEUE_OF: Record<WorkKind, QueueName> = {
  'send-po': 'send-po',
  'send-chase': 'send-po',
  'post-variance': 'stock-post',
  'pos-event': 'stock-post',
  'use-till-rate': 'stock-post',
  'apply-intake': 'stock-post',
  'discard-mail': 'mail',
  'run-job': 'work',
  'open-count': 'work',
  'capture-count': 'work',
  'confirm-zero': 'work',
  'fix-parked': 'work',
  'refresh-home': 'work',
};

/**
 * The jobs that reach Google (they read and write the stock sheet where staff edit it) run on the `sheets` queue, whose
 * function alone holds the Google key and runs one at a time, so a sync and a write-back never overlap. The registry
 * marks them `runsOn: 'sheets'`; a test keeps the two lists equal.
 */
export const SHEET_JOBS: readonly string[] = ['sheet-sync', 'sheet-flush'];

/** The queue a work item goes to. */
export const queueOf = (item: WorkItem): QueueName =>
  item.kind === 'run-job' && SHEET_JOBS.includes(item.job) ? 'sheets' : QUEUE_OF[item.kind];

export interface WorkQueue {
  enqueue(item: WorkItem): Promise<void>;
}

/** What a queue runs. Throwing asks for a retry; the queue gives up after its attempts and the handler parks the work. */
export type WorkHandler = (item: WorkItem, attempt: number) => Promise<void>;

/**
 * Messages queued by an earlier version for the two jobs that had kinds of their own: still run, as the same jobs,
 * so a deploy never strands a held-draft wake-up booked before it.
 */
const EARLIER_KINDS: Record<string, string> = { 'deliver-drafts': 'deliver-drafts', 'flush-sheet': 'sheet-flush' };

/** Reads a queued message back into a work item; anything else is refused with the reason. */
export function parseWorkItem(body: string): WorkItem {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new Error(`not JSON: ${body.slice(0, 80)}`);
  }
  const kind = (value as { kind?: unknown } | null)?.kind;
  if (typeof kind === 'string' && EARLIER_KINDS[kind]) value = { kind: 'run-job', job: EARLIER_KINDS[kind] };
  const parsed = WorkItemSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new Error(`not a work item this version knows (${issue?.path.join('.') || 'kind'}: ${issue?.message}): ${body.slice(0, 80)}`);
}
