import { z } from 'zod';
import type { PosEvent, PosLine } from '../domain/pos';
import { MAX_QUANTITY } from './bounds';
import { DocumentError, type Problem } from './errors';
import { normalizeKey, stripBom } from './headers';
import { parseCsvRecords } from './spreadsheet/csv';

// Reads a till's webhook body into PosEvents: our own generic format, Shopify's order and refund webhooks, and
// Square's inventory count updates. A body that does not read is refused (400) with the reason; a line that reads but
// cannot be used (no SKU, a weighed quantity) is kept and parked later, because a till retries a refused delivery
// for ever.

export class PosPayloadError extends Error {}

/** The longest body read: a Shopify order with hundreds of lines is well under it. */
export const MAX_POS_BODY_BYTES = 1024 * 1024;

/**
 * JSON with every integer of 16 digits or more read as a string: Shopify's ids are 64-bit, and `JSON.parse` would
 * round them to the nearest double, so two orders could share an id.
 */
export function parseJsonKeepingBigIds(body: string): unknown {
  if (Buffer.byteLength(body, 'utf8') > MAX_POS_BODY_BYTES) throw new PosPayloadError('the body is over 1 MB');
  // Only numbers outside strings: a number follows `:`, `[` or `,` (and whitespace).
  const quoted = body.replace(/([:[,]\s*)(-?\d{16,})(?=\s*[,}\]])/g, '$1"$2"');
  try {
    return JSON.parse(quoted);
  } catch {
    throw new PosPayloadError('the body is not JSON');
  }
}

const id = z.union([z.string().min(1).max(200), z.number().int().nonnegative()]).transform(String);
const when = z
  .string()
  .max(64)
  .refine((t) => !Number.isNaN(Date.parse(t)), 'expected a date and time');
const eaches = z.number().int().positive().max(MAX_QUANTITY);

const GenericEvent = z.object({
  event_id: z.string().min(1).max(200),
  type: z.enum(['sale', 'received', 'refund']),
  sku: z.string().trim().min(1).max(200),
  location: z.string().trim().min(1).max(200).optional(),
  qty: eaches,
  at: when,
});
const GenericBody = z.union([z.object({ events: z.array(GenericEvent).min(1).max(1000) }), GenericEvent]);

const explain = (error: z.ZodError): string => {
  const issue = error.issues[0]!;
  return `${issue.path.join('.') || 'the body'}: ${issue.message}`;
};

/** `{"event_id","type","sku","location","qty","at"}` or `{"events":[…]}`: one PosEvent per event. */
export function parseGenericPos(body: string): PosEvent[] {
  const parsed = GenericBody.safeParse(parseJsonKeepingBigIds(body));
  if (!parsed.success) throw new PosPayloadError(explain(parsed.error));
  const events = 'events' in parsed.data ? parsed.data.events : [parsed.data];
  return events.map((e) => ({
    format: 'generic',
    eventId: e.event_id,
    at: new Date(e.at).toISOString(),
    lines: [{ lineId: '0', kind: e.type, code: e.sku, location: e.location ?? null, qty: e.qty }],
  }));
}

const ShopifyLineItem = z.object({
  id,
  sku: z.string().nullish(),
  variant_id: id.nullish(),
  quantity: z.number().int().nonnegative(),
});
const ShopifyOrder = z.object({
  id,
  admin_graphql_api_id: z.string().optional(),
  location_id: id.nullish(),
  created_at: when.optional(),
  cancelled_at: when.nullish(),
  line_items: z.array(ShopifyLineItem).max(5000),
});
const ShopifyRefund = z.object({
  id,
  order_id: id,
  created_at: when.optional(),
  refund_line_items: z
    .array(
      z.object({
        id,
        line_item_id: id,
        quantity: z.number().int().nonnegative(),
        restock_type: z.string().nullish(),
        location_id: id.nullish(),
        line_item: z.object({ sku: z.string().nullish(), variant_id: id.nullish() }).partial().optional(),
      }),
    )
    .max(5000),
});

export const SHOPIFY_TOPICS = ['orders/create', 'refunds/create', 'orders/cancelled'] as const;
export type ShopifyTopic = (typeof SHOPIFY_TOPICS)[number];

const codeOf = (sku: string | null | undefined, variant: string | null | undefined) =>
  sku?.trim() || (variant ? `shopify-variant:${variant}` : 'shopify-line-without-sku');
const orderKey = (orderId: string) => `gid://shopify/Order/${orderId}`;

/**
 * A Shopify webhook by its topic: each sold line item is a sale; each refunded line restocked (any `restock_type` but
 * `no_restock`) returns stock; a cancellation carries the order's lines, and what they sold less what refunds already
 * restocked goes back (worked out when it is applied, from what the app recorded of the order).
 */
export function parseShopifyPos(topic: string, webhookId: string, body: string, receivedAt: Date): PosEvent {
  const json = parseJsonKeepingBigIds(body);
  const at = (t: string | null | undefined) => (t ? new Date(t).toISOString() : receivedAt.toISOString());
  if (topic === 'orders/create' || topic === 'orders/cancelled') {
    const parsed = ShopifyOrder.safeParse(json);
    if (!parsed.success) throw new PosPayloadError(explain(parsed.error));
    const o = parsed.data;
    const kind = topic === 'orders/create' ? 'sale' : 'cancel';
    const lines: PosLine[] = o.line_items
      .filter((l) => l.quantity > 0)
      .map((l) => ({
        lineId: l.id,
        kind,
        code: codeOf(l.sku, l.variant_id),
        location: o.location_id ?? null,
        qty: l.quantity,
        orderLine: l.id,
      }));
    return {
      format: 'shopify',
      eventId: webhookId,
      at: at(kind === 'cancel' ? o.cancelled_at : o.created_at),
      order: o.admin_graphql_api_id ?? orderKey(o.id),
      lines,
    };
  }
  if (topic === 'refunds/create') {
    const parsed = ShopifyRefund.safeParse(json);
    if (!parsed.success) throw new PosPayloadError(explain(parsed.error));
    const r = parsed.data;
    const lines: PosLine[] = r.refund_line_items
      .filter((l) => l.quantity > 0 && l.restock_type !== 'no_restock')
      .map((l) => ({
        lineId: l.id,
        kind: 'refund',
        code: codeOf(l.line_item?.sku, l.line_item?.variant_id),
        location: l.location_id ?? null,
        qty: l.quantity,
        orderLine: l.line_item_id,
      }));
    return { format: 'shopify', eventId: webhookId, at: at(r.created_at), order: orderKey(r.order_id), lines };
  }
  throw new PosPayloadError(`the topic "${topic}" is not one stockbot reads (${SHOPIFY_TOPICS.join(', ')})`);
}

const SquareCount = z.object({
  catalog_object_id: z.string().min(1).max(200),
  state: z.string(),
  location_id: z.string().min(1).max(200),
  quantity: z.string().max(40),
  calculated_at: when.optional(),
});
const SquareBody = z.object({
  event_id: z.string().min(1).max(200),
  type: z.string(),
  created_at: when.optional(),
  data: z.object({ object: z.object({ inventory_counts: z.array(SquareCount).max(5000) }) }),
});

/**
 * Square's `inventory.count.updated`: the absolute count of each catalog variation in stock at each location. Only the
 * IN_STOCK state counts as on hand; a count that is not a whole number (a weighed item) is kept as it is and parked.
 */
export function parseSquarePos(body: string, receivedAt: Date): PosEvent {
  const parsed = SquareBody.safeParse(parseJsonKeepingBigIds(body));
  if (!parsed.success) throw new PosPayloadError(explain(parsed.error));
  const e = parsed.data;
  if (e.type !== 'inventory.count.updated')
    throw new PosPayloadError(`the event type "${e.type}" is not one stockbot reads (inventory.count.updated)`);
  const lines: PosLine[] = e.data.object.inventory_counts
    .filter((c) => c.state === 'IN_STOCK')
    .map((c) => ({
      lineId: `${c.catalog_object_id}@${c.location_id}`,
      kind: 'count',
      code: c.catalog_object_id,
      location: c.location_id,
      qty: Number(c.quantity),
      at: new Date(c.calculated_at ?? e.created_at ?? receivedAt.toISOString()).toISOString(),
    }));
  return { format: 'square', eventId: e.event_id, at: new Date(e.created_at ?? receivedAt.toISOString()).toISOString(), lines };
}

/** The most events one replay file may hold: a year of a busy till's sales, well within memory. */
export const MAX_REPLAY_EVENTS = 200_000;
const REPLAY_COLUMNS = ['event_id', 'type', 'sku', 'location', 'qty', 'at'] as const;

/**
 * A CSV (`event_id,type,sku,location,qty,at`) or JSON (an array of events, or `{"events":[…]}`) export of past till
 * events, in stockbot's generic format, for `stockbot pos replay`. All or nothing: every problem is named by file, row
 * (or event number) and field, and none of the file is applied while any remains.
 */
export function parsePosReplay(file: string, bytes: Buffer): PosEvent[] {
  const problems: Problem[] = [];
  const events: PosEvent[] = [];
  const add = (raw: unknown, where: { row?: number; line?: number }) => {
    const parsed = GenericEvent.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues.slice(0, 3))
        problems.push({ file, ...where, field: issue.path.join('.') || 'event', message: issue.message });
      return;
    }
    if (events.length >= MAX_REPLAY_EVENTS)
      throw new DocumentError([{ file, message: `has more than ${MAX_REPLAY_EVENTS.toLocaleString('en-GB')} events; split it` }]);
    const e = parsed.data;
    events.push({
      format: 'generic',
      eventId: e.event_id,
      at: new Date(e.at).toISOString(),
      lines: [{ lineId: '0', kind: e.type, code: e.sku, location: e.location ?? null, qty: e.qty }],
    });
  };
  const text = stripBom(bytes.toString('utf8'));
  if (/^\s*[[{]/.test(text)) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new DocumentError([{ file, message: 'is not JSON: expected an array of events or {"events":[…]}' }]);
    }
    const list = Array.isArray(json) ? json : (json as { events?: unknown })?.events;
    if (!Array.isArray(list)) throw new DocumentError([{ file, message: 'expected an array of events or {"events":[…]}' }]);
    for (const [i, raw] of list.entries()) add(raw, { row: i + 1 });
  } else {
    let header: string[] | null = null;
    parseCsvRecords(file, Buffer.from(text, 'utf8'), ',', (row, cells) => {
      if (cells.every((c) => c.trim() === '')) return;
      if (!header) {
        header = cells.map(normalizeKey);
        const missing = REPLAY_COLUMNS.filter((c) => c !== 'location' && !header!.includes(c));
        if (missing.length > 0)
          throw new DocumentError([
            { file, row, message: `the header has no ${missing.join(', ')} column; expected ${REPLAY_COLUMNS.join(',')}` },
          ]);
        return;
      }
      const cell = (name: string) => cells[header!.indexOf(name)]?.trim() ?? '';
      const qty = cell('qty');
      add(
        {
          event_id: cell('event_id'),
          type: cell('type'),
          sku: cell('sku'),
          ...(cell('location') ? { location: cell('location') } : {}),
          qty: /^\d+$/.test(qty) ? Number(qty) : qty,
          at: cell('at'),
        },
        { row },
      );
    });
  }
  if (problems.length > 0) throw new DocumentError(problems);
  return events;
}
