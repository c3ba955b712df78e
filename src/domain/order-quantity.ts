import { ceilUnits, clean, floorUnits, showQty } from './numbers';

/** The three supplier/rules gates every quantity passes, in the draft and in the Edit modal alike. */
export interface QuantityGates {
  /** Item pack size, else supplier pack size, else 1. */
  packSize: number;
  /** Supplier minimum order, or null. */
  minimumOrder: number | null;
  /** Rules doc order cap, or null for none. */
  orderCap: number | null;
}

export interface OrderQuantity {
  qty: number;
  /** ⌈target − on hand⌉, at least 1. */
  raw: number;
  target: number;
  /** The cap forced the quantity down (or, below one pack, to exactly one pack). */
  capped: boolean;
  /** Why the quantity differs from the raw need, in plain words, in the order applied. */
  reasons: string[];
  /** One line: `target 300 − 58 on hand = 242 → 252 (packs of 12)`. */
  arithmetic: string;
}

const roundUpToPack = (n: number, pack: number): number => ceilUnits(n / pack) * pack;

/** The largest quantity the cap allows: the cap rounded down to whole packs (never less than one pack). */
export function capLimit(gates: QuantityGates): number | null {
  if (gates.orderCap === null) return null;
  return Math.max(floorUnits(gates.orderCap / gates.packSize) * gates.packSize, gates.packSize);
}

/** The supplier minimum, itself rounded up to a pack multiple. */
export function minimumLimit(gates: QuantityGates): number | null {
  return gates.minimumOrder === null || gates.minimumOrder <= 0 ? null : roundUpToPack(gates.minimumOrder, gates.packSize);
}

/**
 * The order quantity: raw need → round up to the pack → raise to the supplier minimum → cap.
 * The cap comes last on purpose: it is the guardrail that keeps a fat-fingered sales rate from becoming a big order.
 */
export function orderQuantity(target: number, onHand: number, gates: QuantityGates): OrderQuantity {
  const raw = Math.max(1, ceilUnits(target - onHand));
  const reasons: string[] = [];
  let qty = roundUpToPack(raw, gates.packSize);
  if (qty !== raw) reasons.push(`rounded up to packs of ${gates.packSize}`);

  const minimum = minimumLimit(gates);
  if (minimum !== null && qty < minimum) {
    qty = minimum;
    reasons.push(`raised to the supplier minimum of ${minimum}`);
  }

  // A cap below one pack can never be met, so one pack always breaks it: that draft is capped too, even when
  // the need rounds to exactly one pack, so the owner is always told the cap shaped (or could not hold) the order.
  let capped = false;
  const cap = capLimit(gates);
  if (cap !== null && gates.orderCap !== null && (qty > cap || qty > gates.orderCap)) {
    qty = cap;
    capped = true;
    reasons.push(
      gates.orderCap < gates.packSize
        ? `order cap ${showQty(gates.orderCap)} is below one pack, so one pack of ${gates.packSize}`
        : `capped at the order cap of ${showQty(gates.orderCap)}`,
    );
  }

  const steps = reasons.length === 0 ? '' : ` → ${qty} (${reasons.join(', ')})`;
  return {
    qty,
    raw,
    target: clean(target),
    capped,
    reasons,
    arithmetic: `target ${showQty(target)} − ${showQty(onHand)} on hand = ${raw}${steps}`,
  };
}

/**
 * Checks a quantity typed by a person (the Edit modal) against the same gates.
 * Returns what is wrong and what would be accepted, or null when the quantity is fine.
 */
export function quantityProblem(qty: number, gates: QuantityGates): string | null {
  if (!Number.isFinite(qty) || !Number.isInteger(qty) || qty < 1) return 'Enter a whole number of units, at least 1.';
  if (qty % gates.packSize !== 0) {
    const down = Math.floor(qty / gates.packSize) * gates.packSize;
    const up = down + gates.packSize;
    return `Order in packs of ${gates.packSize}: try ${down > 0 ? `${down} or ` : ''}${up}.`;
  }
  const cap = capLimit(gates);
  if (cap !== null && qty > cap) return `The order cap allows at most ${cap}.`;
  const minimum = minimumLimit(gates);
  if (minimum !== null && qty < minimum && (cap === null || minimum <= cap)) return `The supplier's minimum order is ${minimum}.`;
  return null;
}
