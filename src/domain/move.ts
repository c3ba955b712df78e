import { clean } from './numbers';
import type { ReorderPoint } from './reorder-point';
import type { Move, OpenOrder } from './types';

/** What the check does about an item today, besides naming its move. */
export type CheckAction =
  | 'none'
  /** Write a pending draft and send it to the owner. */
  | 'draft'
  /** Urgent with a draft still pending: put the same draft in front of the owner again (once a day). */
  | 'resurface'
  /** Skipped recently: keep the move, draft nothing until the cooldown ends. */
  | 'hold';

export interface MoveDecision {
  move: Move;
  action: CheckAction;
  /** One short sentence for the CLI, the digest and App Home. */
  reason: string;
}

/** The move the stock level alone calls for. First match wins (README, "How the daily check decides"). */
export function levelMove(onHand: number, point: ReorderPoint, watchMargin: number): Move {
  if (onHand <= point.urgentLine) return 'urgent_reorder';
  if (onHand <= point.point) return 'reorder';
  if (onHand <= clean(point.point * (1 + watchMargin))) return 'watch';
  return 'stocked';
}

export interface MoveContext {
  onHand: number;
  point: ReorderPoint;
  watchMargin: number;
  /** An order awaiting a decision or in flight for this item, if any. */
  openOrder: OpenOrder | null;
  skipUntil: string | null;
  now: Date;
  /** The business's local date, `yyyy-MM-dd`. */
  today: string;
}

export function decideMove(ctx: MoveContext): MoveDecision {
  const level = levelMove(ctx.onHand, ctx.point, ctx.watchMargin);
  const order = ctx.openOrder;

  if (order !== null) {
    // An open order means the item is handled — except an urgent item whose draft nobody has acted on:
    // that is the one case the bot may nag daily: a stockout risk is when the owner wants reminding.
    if (order.status === 'pending' && level === 'urgent_reorder') {
      const shownToday = order.draftDate === ctx.today || order.resurfacedOn === ctx.today;
      return shownToday
        ? { move: level, action: 'none', reason: `urgent draft ${order.orderId} is waiting for the owner` }
        : { move: level, action: 'resurface', reason: `urgent draft ${order.orderId} is still waiting: shown again` };
    }
    const status = order.status === 'on-order' && order.expectedDate ? `on order, expected ${order.expectedDate}` : order.status;
    return { move: 'stocked', action: 'none', reason: `open order ${order.orderId} (${status})` };
  }

  if (level === 'urgent_reorder') {
    return { move: level, action: 'draft', reason: 'at or below the urgent line' };
  }
  if (level === 'reorder') {
    if (ctx.skipUntil !== null && ctx.now.getTime() < Date.parse(ctx.skipUntil)) {
      return { move: level, action: 'hold', reason: `skipped by the owner; no new draft until ${ctx.skipUntil}` };
    }
    return { move: level, action: 'draft', reason: 'at or below the reorder point' };
  }
  if (level === 'watch') return { move: level, action: 'none', reason: 'within the watch margin of the reorder point' };
  return { move: level, action: 'none', reason: 'above the reorder point' };
}
