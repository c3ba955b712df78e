import { draftOrder, type DraftOrder } from './draft-order';
import { decideMove, type MoveDecision } from './move';
import { reorderPoint, type ReorderPoint } from './reorder-point';
import { itemKey, type ItemState, type Move, type OpenOrder, type Rules, type StockItem, type SupplierBook } from './types';

export interface ItemCheck {
  item: StockItem;
  point: ReorderPoint;
  decision: MoveDecision;
  /** Set when the decision is `draft`. */
  draft: DraftOrder | null;
  /** The pending order shown again, when the decision is `resurface`. */
  resurfaced: OpenOrder | null;
}

export interface CheckInput {
  items: StockItem[];
  rules: Rules;
  suppliers: SupplierBook;
  /** Open orders by item key (`location#sku`). */
  openOrders: ReadonlyMap<string, OpenOrder>;
  states: ReadonlyMap<string, ItemState>;
  now: Date;
  /** The business's local date, `yyyy-MM-dd`. */
  today: string;
}

export interface CheckResult {
  checks: ItemCheck[];
  counts: Record<Move, number>;
  /** Items whose supplier came from the fallback (named in the weekly digest so the doc gets fixed). */
  fallbackSupplierItems: string[];
}

/** The whole decision pass of the daily check: plain arithmetic, no I/O, no model, so a given sheet and state always decide the same. */
export function decideAll(input: CheckInput): CheckResult {
  const counts: Record<Move, number> = { stocked: 0, watch: 0, reorder: 0, urgent_reorder: 0 };
  const fallbackSupplierItems: string[] = [];
  const checks = input.items.map((item): ItemCheck => {
    const key = itemKey(item.location, item.sku);
    const point = reorderPoint(item, input.rules);
    const openOrder = input.openOrders.get(key) ?? null;
    const decision = decideMove({
      onHand: item.onHand,
      point,
      watchMargin: input.rules.watchMargin,
      openOrder,
      skipUntil: input.states.get(key)?.skipUntil ?? null,
      now: input.now,
      today: input.today,
    });
    counts[decision.move] += 1;
    const draft =
      decision.action === 'draft' ? draftOrder(item, point, decision.move === 'urgent_reorder', input.rules, input.suppliers) : null;
    if (draft?.supplierSource === 'fallback') fallbackSupplierItems.push(key);
    return { item, point, decision, draft, resurfaced: decision.action === 'resurface' ? openOrder : null };
  });
  return { checks, counts, fallbackSupplierItems };
}
