import { parseGenericPos, parseShopifyPos, parseSquarePos, PosPayloadError } from '../config/pos-events';
import { RECEIVABLE } from '../domain/receipt';
import { mapPosLocation, type PosEvent, type PosLine, type PosSettings, posDelta } from '../domain/pos';
import { itemKey, type StockItem } from '../domain/types';
import type { PosApplied, PosChange } from '../store/pos';
import type { Deps } from './deps';
import { genericSignatureValid, shopifySignatureValid, squareSignatureValid } from './pos-signatures';
import { receiveOrder } from './receiving';
import { CLOSE, fieldError, type FormReply, type OpenReply, tell } from './replies';
import { TILL_FIX_BLOCK } from '../../views/ids';
import { tillFixModal } from '../../views/till-fix-modal';

// The point-of-sale lane: a till's webhook is checked (signature, then shape) and answered at once, and its lines are
// applied on the queue, each exactly once. A line stockbot cannot use (an unknown code, a location it cannot place) is
// parked for the owner and still answered 200, because a till retries a refused delivery for ever.

export interface PosRequest {
  /** /pos, /pos/shopify or /pos/square. */
  path: string;
  /** Lower-cased header names. */
  headers: Record<string, string | undefined>;
  /** The exact bytes received: signatures are over them. */
  body: Buffer;
}

export interface PosResponse {
  status: number;
  body: string;
}

const TILL: Record<PosEvent['format'], string> = { generic: 'till', shopify: 'Shopify', square: 'Square' };

/**
 * One webhook delivery: 401 for a bad or missing signature (nothing stored, and counted in the log), 400 for a body
 * that does not read, 404 for a format not set up, else 200 once its events are on the queue.
 */
export async function receivePosWebhook(
  deps: Pick<Deps, 'queue'>,
  settings: PosSettings,
  req: PosRequest,
  now: Date,
  log: (line: string) => void = (line) => console.log(line),
): Promise<PosResponse> {
  const path = req.path.replace(/\/+$/, '') || '/';
  const format = path === '/pos' ? 'generic' : path === '/pos/shopify' ? 'shopify' : path === '/pos/square' ? 'square' : null;
  if (!format) return { status: 404, body: 'Not a point-of-sale endpoint: use /pos, /pos/shopify or /pos/square.' };
  const secret = format === 'generic' ? settings.genericSecret : format === 'shopify' ? settings.shopifySecret : settings.squareKey;
  if (!secret || (format === 'square' && !settings.squareUrl)) {
    const setting = {
      generic: 'POS_SECRET',
      shopify: 'SHOPIFY_WEBHOOK_SECRET',
      square: 'SQUARE_SIGNATURE_KEY and SQUARE_NOTIFICATION_URL',
    }[format];
    return { status: 404, body: `This ${TILL[format]} endpoint is not set up: set ${setting}.` };
  }
  const signed =
    format === 'generic'
      ? genericSignatureValid(secret, req.headers['x-stockbot-signature'], req.body, now)
      : format === 'shopify'
        ? shopifySignatureValid(secret, req.headers['x-shopify-hmac-sha256'], req.body)
        : squareSignatureValid(secret, settings.squareUrl!, req.headers['x-square-hmacsha256-signature'], req.body);
  if (!signed) {
    // One JSON line per refusal, in CloudWatch's embedded metric format: the deployment alarms on the count, so a
    // rotated secret shows up at once.
    log(
      JSON.stringify({
        _aws: {
          Timestamp: now.getTime(),
          CloudWatchMetrics: [
            { Namespace: 'stockbot', Dimensions: [['Stage']], Metrics: [{ Name: 'PosSignatureFailures', Unit: 'Count' }] },
          ],
        },
        Stage: settings.stage ?? 'local',
        Format: format,
        PosSignatureFailures: 1,
      }),
    );
    return { status: 401, body: 'The signature does not match.' };
  }
  let events: PosEvent[];
  try {
    const text = req.body.toString('utf8');
    if (format === 'generic') events = parseGenericPos(text);
    else if (format === 'shopify') {
      const webhookId = req.headers['x-shopify-webhook-id'];
      if (!webhookId) return { status: 400, body: 'X-Shopify-Webhook-Id is missing.' };
      events = [parseShopifyPos(req.headers['x-shopify-topic'] ?? '', webhookId, text, now)];
    } else events = [parseSquarePos(text, now)];
  } catch (err) {
    if (err instanceof PosPayloadError) return { status: 400, body: `The body does not read: ${err.message}.` };
    throw err;
  }
  for (const event of events) if (event.lines.length > 0) await deps.queue.enqueue({ kind: 'pos-event', event });
  return { status: 200, body: 'ok' };
}

export type PosIntakeDeps = Pick<Deps, 'store' | 'documents' | 'chat' | 'queue' | 'clock'>;

export interface PosEventOutcome {
  applied: number;
  duplicates: number;
  parked: number;
  nothing: number;
}

const codeKey = (code: string) => code.trim().toLowerCase();
/** Reads and writes of one line before it is handed back to the queue for a later try. */
const STALE_ATTEMPTS = 30;

/**
 * Applies one till event, line by line, each exactly once: the item is found by SKU or alias, the location by the rules
 * doc's `pos location` map; a delivery against an order on order is booked in through the receiving service. What
 * cannot be placed is parked.
 */
export async function applyPosEvent(deps: PosIntakeDeps, event: PosEvent): Promise<PosEventOutcome> {
  const [items, rules] = await Promise.all([deps.documents.readStockSheet(), deps.documents.readRules()]);
  const bySku = new Map<string, StockItem[]>();
  const byAlias = new Map<string, StockItem[]>();
  for (const item of items) {
    bySku.set(codeKey(item.sku), [...(bySku.get(codeKey(item.sku)) ?? []), item]);
    for (const alias of item.aliases) byAlias.set(codeKey(alias), [...(byAlias.get(codeKey(alias)) ?? []), item]);
  }
  const outcome: PosEventOutcome = { applied: 0, duplicates: 0, parked: 0, nothing: 0 };
  const learned = new Map<string, Map<string, string>>();
  const learnedAt = async (location: string) => {
    if (!learned.has(location)) learned.set(location, await deps.store.inventory.learnedAliases(location));
    return learned.get(location)!;
  };
  for (const line of event.lines) {
    let candidates = bySku.get(codeKey(line.code)) ?? byAlias.get(codeKey(line.code)) ?? [];
    if (candidates.length === 0) {
      // A code the owner once fixed by hand is remembered as an alias at the location it was fixed for.
      const place =
        event.format === 'generic' ? line.location : (rules.posLocations[(line.location ?? '').toLowerCase()] ?? rules.posLocations['*']);
      const sku = place ? (await learnedAt(place)).get(line.code.trim()) : undefined;
      if (sku) candidates = (bySku.get(codeKey(sku)) ?? []).filter((i) => i.location.toLowerCase() === place!.toLowerCase());
    }
    const result = await applyLine(deps, event, line, candidates, rules.posLocations);
    if (result === 'parked') outcome.parked += 1;
    else if (result.kind === 'applied') outcome.applied += 1;
    else if (result.kind === 'duplicate') outcome.duplicates += 1;
    else outcome.nothing += 1;
  }
  // The sheet is written by the scheduled write-back (every 5 minutes), not after each sale: one Sheets write per
  // pass whatever the till's volume keeps a busy day inside Google's per-minute write quota, and every reader adds
  // the changes not yet written meanwhile.
  return outcome;
}

async function applyLine(
  deps: PosIntakeDeps,
  event: PosEvent,
  line: PosLine,
  candidates: StockItem[],
  posLocations: Record<string, string>,
): Promise<PosApplied | 'parked'> {
  const park = async (reason: string) => {
    await deps.store.pos.park(event.format, event.eventId, line, reason, deps.clock().toISOString());
    return 'parked' as const;
  };
  if (candidates.length === 0) return park(`no item in the stock sheet has the SKU or alias "${line.code}"`);
  if (!Number.isInteger(line.qty) || line.qty < 0) return park(`${line.qty} is not a whole number of eaches`);
  const place = mapPosLocation(
    line.location,
    event.format,
    posLocations,
    candidates.map((i) => i.location),
  );
  if ('problem' in place) return park(place.problem);
  const stockItem = candidates.find((i) => i.location.toLowerCase() === place.location.toLowerCase());
  if (!stockItem) return park(`${candidates[0]!.sku} is not stocked at ${place.location}`);
  return applyPlaced(deps, event, line, stockItem, park);
}

/** Applies a line whose item and location are known, once. */
async function applyPlaced(
  deps: PosIntakeDeps,
  event: PosEvent,
  line: PosLine,
  stockItem: StockItem,
  park: (reason: string) => Promise<'parked'>,
): Promise<PosApplied | 'parked'> {
  const at = event.at;
  const lineKey = `pos#${event.format}#${event.eventId}#${line.lineId}`;

  if (line.kind === 'received') {
    const open = (await Promise.all(RECEIVABLE.map((s) => deps.store.orders.listByStatus(s))))
      .flat()
      .find((o) => o.item_key === itemKey(stockItem.location, stockItem.sku));
    if (open) {
      const received = await receiveOrder(
        deps,
        { itemKey: open.item_key, orderId: open.order_id },
        {
          qty: line.qty,
          by: TILL[event.format],
          source: 'pos',
          receiptId: lineKey,
        },
      );
      if (received.kind === 'received') return { kind: 'applied', delta: line.qty, onHand: received.onHand };
      if (received.kind === 'duplicate') return { kind: 'duplicate' };
      // An order that cannot take it (more than is still to come is fine; a closed one is not): booked as stock.
    }
  }

  for (let attempt = 1; ; attempt++) {
    let item = await deps.store.inventory.get(stockItem.location, stockItem.sku);
    if (!item && deps.documents.readsLive) {
      await deps.store.inventory.syncFromSheet([stockItem], deps.clock());
      item = await deps.store.inventory.get(stockItem.location, stockItem.sku);
    }
    if (!item) return park(`${stockItem.sku} at ${stockItem.location} is not in the inventory yet (the next sheet sync adds it)`);
    const change: PosChange = { item, lineKey, by: TILL[event.format], ref: event.eventId, at, now: deps.clock() };
    const result =
      line.kind === 'count'
        ? await deps.store.pos.applyCount(change, `${event.format}#${line.lineId}`, line.qty, line.at ?? at)
        : line.kind === 'cancel'
          ? await deps.store.pos.applyCancel(change, event.order ?? '', line.orderLine ?? line.lineId)
          : await deps.store.pos.applyDelta(
              change,
              posDelta(line.kind, line.qty),
              event.order
                ? {
                    order: event.order,
                    line: line.orderLine ?? line.lineId,
                    ...(line.kind === 'sale' ? { sold: line.qty } : { restocked: line.qty }),
                  }
                : undefined,
              // Sales and refunds are what the measured sales rate is read from; a delivery is not a sale.
              line.kind === 'received' ? undefined : { date: at.slice(0, 10), units: line.kind === 'sale' ? line.qty : -line.qty },
            );
    if (result.kind !== 'stale') return result;
    // Another line for the same item landed between the read and the write: read again, after a pause that grows
    // and is spread at random, so a burst of sales of one item takes turns instead of colliding again.
    if (attempt >= STALE_ATTEMPTS) {
      throw new Error(`${stockItem.sku} at ${stockItem.location} kept changing while a till event was applied; the queue retries it`);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 5 * 2 ** attempt)));
  }
}

/** The Fix modal for a parked till line (the owner's alone), or why it cannot open. */
export async function tillFixForm(deps: Pick<Deps, 'store' | 'documents'>, ref: string, user: string): Promise<OpenReply> {
  const [rules, parked] = await Promise.all([deps.documents.readRules(), deps.store.pos.parkedLine(ref)]);
  if (rules.owner !== user) return tell('Only the owner fixes what the tills sent.');
  if (!parked) return tell('That till line was fixed already.');
  const locations = [...new Set((await deps.documents.readStockSheet()).map((i) => i.location))].sort();
  return { kind: 'open', view: tillFixModal(parked, ref, locations) };
}

/**
 * The Fix modal's "Apply it": the SKU must be in the stock sheet at that location (else the modal says so); then the
 * code is remembered as the SKU's alias there, the line is applied once, and it leaves the owner's list.
 */
export async function submitTillFix(
  deps: PosIntakeDeps,
  ref: string,
  input: { sku: string; location: string },
  user: string,
): Promise<FormReply> {
  const [rules, parked, items] = await Promise.all([
    deps.documents.readRules(),
    deps.store.pos.parkedLine(ref),
    deps.documents.readStockSheet(),
  ]);
  if (rules.owner !== user || !parked) return CLOSE;
  const item = items.find((i) => codeKey(i.sku) === codeKey(input.sku) && i.location.toLowerCase() === input.location.toLowerCase());
  if (!item)
    return fieldError(
      TILL_FIX_BLOCK.sku,
      `The stock sheet has no ${input.sku || 'SKU'} at ${input.location}: type the SKU as the sheet has it.`,
    );
  const now = deps.clock();
  if (codeKey(parked.line.code) !== codeKey(item.sku))
    await deps.store.inventory.learnAlias(item.location, parked.line.code, item.sku, user, now);
  const event: PosEvent = { format: parked.format, eventId: parked.event_id, at: parked.at, lines: [parked.line] };
  const result = await applyPlaced(deps, event, parked.line, item, async () => 'parked' as const);
  if (result !== 'parked') await deps.store.pos.unpark(ref);
  await deps.queue.enqueue({ kind: 'run-job', job: 'sheet-flush' });
  await deps.queue.enqueue({ kind: 'refresh-home', user });
  return CLOSE;
}
