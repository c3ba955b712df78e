// What a till tells the app, whatever its format: events made of lines, each a sale, a refund back onto the shelf, a
// delivery received, or (Square) the absolute count the till now holds. A recorded sale is a fact: no approval step.

export type PosFormat = 'generic' | 'shopify' | 'square';

/** The secrets and the one URL the three formats are checked with; a format without its secret is not accepted. */
export interface PosSettings {
  /** POS_SECRET: our generic format's shared secret. */
  genericSecret?: string;
  /** SHOPIFY_WEBHOOK_SECRET. */
  shopifySecret?: string;
  /** SQUARE_SIGNATURE_KEY and SQUARE_NOTIFICATION_URL (exactly as configured in Square). */
  squareKey?: string;
  squareUrl?: string;
  /** The deployment's stage, which the refused-signature metric is counted under (its alarm watches that stage). */
  stage?: string;
}

/**
 * sale: on hand falls by qty. refund: a return put back on the shelf, on hand rises. received: a delivery booked in
 * at the till, on hand rises. count: the till's absolute count, turned into a delta against the last count it sent.
 * cancel: an order cancelled; what it sold and was not already restocked goes back on the shelf.
 */
export type PosLineKind = 'sale' | 'refund' | 'received' | 'count' | 'cancel';

export interface PosLine {
  /** Unique within its event (the till's line id, or the line's position), so each line applies once. */
  lineId: string;
  kind: PosLineKind;
  /** The till's code for the item: our SKU, or an alias (a barcode, a Square variation id). */
  code: string;
  /** The location as the till gives it: our location's name (generic) or the till's location id; null when none. */
  location: string | null;
  /** Eaches, or the absolute count for `count`. */
  qty: number;
  /** Shopify: the order line a refund or cancel refers to. */
  orderLine?: string;
  /** Square: when the till worked the count out; an older count than the last one applied changes nothing. */
  at?: string;
}

export interface PosEvent {
  format: PosFormat;
  /** The till's id for the delivery (its event or webhook id): a redelivery applies nothing twice. */
  eventId: string;
  /** When it happened, as the till says (ISO). */
  at: string;
  lines: PosLine[];
  /** Shopify: the order the event belongs to (its GraphQL id, a string: numeric ids are 64-bit). */
  order?: string;
}

/** Where a line's stock goes: our location for the till's, by the rules doc's `pos location` map. */
export function mapPosLocation(
  given: string | null,
  format: PosFormat,
  posLocations: Readonly<Record<string, string>>,
  stockedAt: readonly string[],
): { location: string } | { problem: string } {
  if (format === 'generic' && given) return { location: given };
  const mapped = given ? posLocations[given.toLowerCase()] : undefined;
  if (mapped) return { location: mapped };
  if (posLocations['*']) return { location: posLocations['*'] };
  if (stockedAt.length === 1) return { location: stockedAt[0]! };
  return {
    problem:
      stockedAt.length === 0
        ? 'no location stocks this item'
        : `the till's location ${given ?? '(none)'} is not in the rules doc (add "pos location: ${given ?? '*'} = <location>") and ${stockedAt.length} locations stock the item`,
  };
}

/** What a line does to on hand: negative for a sale, positive for a refund or a delivery. */
export const posDelta = (kind: Exclude<PosLineKind, 'count' | 'cancel'>, qty: number): number => (kind === 'sale' ? -qty : qty);

/** A till line stockbot could not use (an unknown code, a location it cannot place): kept for the owner. */
export interface ParkedTillLine {
  format: PosFormat;
  event_id: string;
  line: PosLine;
  reason: string;
  /** When it was parked (ISO). */
  at: string;
}
