import { cents } from './numbers';
import { orderQuantity, type QuantityGates } from './order-quantity';
import { daysOfCoverLeft, type ReorderPoint } from './reorder-point';
import { resolveSupplier, type ResolvedSupplier } from './supplier';
import type { Rules, StockItem, Supplier, SupplierBook } from './types';

/** Everything the owner needs to decide on a draft without digging. */
export interface DraftOrder {
  sku: string;
  location: string;
  name: string;
  urgent: boolean;
  qty: number;
  supplier: string | null;
  supplierEmail: string | null;
  supplierSource: ResolvedSupplier['source'];
  /** The rules doc's faster backup supplier for this SKU, offered in the Edit modal. */
  backupSupplier: string | null;
  unitCost: number | null;
  /** qty × unit cost in cents; null when the sheet has no unit cost. */
  total: number | null;
  capped: boolean;
  reasons: string[];
  gates: QuantityGates;
  /** The stock sheet's own pack size: it beats any supplier's when the owner switches supplier in Edit. */
  itemPackSize: number | null;
  onHand: number;
  dailySalesRate: number;
  leadTimeDays: number;
  reorderPoint: number;
  urgentLine: number;
  daysOfCoverLeft: number | null;
  pointArithmetic: string;
  quantityArithmetic: string;
  /** Things the owner must fix before this draft can be sent (no supplier, supplier not in the doc…). */
  problems: string[];
  /** The rate the till measured, shown beside the sheet's when they differ by more than a quarter. */
  tillRate?: { perDay: number; days: number };
}

/** Pack size: the item's, else the supplier's, else 1; the minimum is the supplier's; the cap is the rules doc's. */
export function gatesFor(itemPackSize: number | null, supplier: Supplier | null, orderCap: number | null): QuantityGates {
  return {
    packSize: itemPackSize ?? supplier?.packSize ?? 1,
    minimumOrder: supplier?.minimumOrder ?? null,
    orderCap,
  };
}

/** target = target_level if set (order-up-to), else reorder point + daily sales rate × days of cover. */
export const orderTarget = (item: StockItem, point: ReorderPoint, rules: Rules): number =>
  item.targetLevel ?? point.point + item.dailySalesRate * rules.daysOfCover;

export function draftOrder(item: StockItem, point: ReorderPoint, urgent: boolean, rules: Rules, suppliers: SupplierBook): DraftOrder {
  const supplier = resolveSupplier(item, rules, suppliers);
  const gates = gatesFor(item.packSize, supplier.details, rules.orderCap);
  const quantity = orderQuantity(orderTarget(item, point, rules), item.onHand, gates);

  const problems: string[] = [];
  if (supplier.name === null)
    problems.push('no supplier: set one in the stock sheet, a category supplier or a fallback supplier in the rules doc');
  else if (supplier.details === null) problems.push(`supplier "${supplier.name}" is not in the supplier doc`);
  else if (supplier.details.email === null) problems.push(`supplier "${supplier.name}" has no email in the supplier doc`);
  if (item.unitCost === null) problems.push('no unit cost in the stock sheet');

  return {
    sku: item.sku,
    location: item.location,
    name: item.name,
    urgent,
    qty: quantity.qty,
    supplier: supplier.name,
    supplierEmail: supplier.details?.email ?? null,
    supplierSource: supplier.source,
    backupSupplier: rules.backupSuppliers[item.sku.toLowerCase()] ?? null,
    unitCost: item.unitCost,
    total: item.unitCost === null ? null : cents(quantity.qty * item.unitCost),
    capped: quantity.capped,
    reasons: quantity.reasons,
    gates,
    itemPackSize: item.packSize,
    onHand: item.onHand,
    dailySalesRate: item.dailySalesRate,
    leadTimeDays: item.leadTimeDays,
    reorderPoint: point.point,
    urgentLine: point.urgentLine,
    daysOfCoverLeft: daysOfCoverLeft(item),
    pointArithmetic: point.arithmetic,
    quantityArithmetic: quantity.arithmetic,
    problems,
  };
}
