import { DEFAULT_RULES } from '../../src/config/rules-doc';
import type { CauseEvidence } from '../../src/domain/cause';
import { draftOrder, type DraftOrder } from '../../src/domain/draft-order';
import { reorderPoint } from '../../src/domain/reorder-point';
import { itemKey, type Rules, type StockItem, type Supplier, type SupplierBook } from '../../src/domain/types';
import type { OrderRecord } from '../../src/store/orders';

/** The worked example's House Blend beans: rate 8, lead 5, buffer 20 → point 60. */
export function item(overrides: Partial<StockItem> = {}): StockItem {
  return {
    sku: 'BEAN-HB',
    name: 'House Blend beans',
    location: 'main',
    supplier: 'Bayside Roasters',
    category: 'coffee',
    onHand: 58,
    dailySalesRate: 8,
    leadTimeDays: 5,
    safetyBuffer: 20,
    packSize: null,
    unitCost: 4.2,
    pointOverride: null,
    targetLevel: null,
    aliases: [],
    ...overrides,
  };
}

export function rules(overrides: Partial<Rules> = {}): Rules {
  return { ...DEFAULT_RULES, ...overrides };
}

export function supplier(overrides: Partial<Supplier> = {}): Supplier {
  return {
    name: 'Bayside Roasters',
    email: 'orders@bayside.example',
    packSize: 12,
    minimumOrder: 24,
    leadTimeDays: 5,
    template: null,
    ...overrides,
  };
}

export function book(...suppliers: Supplier[]): SupplierBook {
  return Object.fromEntries(suppliers.map((s) => [s.name.toLowerCase(), s]));
}

/** A draft as the daily check composes it, for the item built from `overrides`. */
export function draftFor(
  overrides: Partial<StockItem> = {},
  opts: { urgent?: boolean; rules?: Rules; suppliers?: SupplierBook } = {},
): DraftOrder {
  const i = item(overrides);
  const r = opts.rules ?? rules();
  return draftOrder(i, reorderPoint(i, r), opts.urgent ?? false, r, opts.suppliers ?? book(supplier()));
}

/** A pending order row for a draft, as the store holds it (drafted 2026-11-23). */
export function orderRecord(d: DraftOrder, extra: Partial<OrderRecord> = {}): OrderRecord {
  return {
    item_key: itemKey(d.location, d.sku),
    order_id: '2026-11-23',
    status: 'pending',
    sku: d.sku,
    location: d.location,
    qty: d.qty,
    supplier: d.supplier,
    draft_date: '2026-11-23',
    created_at: '2026-11-23T07:00:00.000Z',
    draft: d,
    ...extra,
  };
}

/**
 * The README's counting example: BOLT-M6-50, counted 432 against 480 (−48, −10%, −£16.80) on Saturday 27 June;
 * the last delivery (500) was 30 days earlier, sales are steady, and the last count was eight weeks ago.
 */
export function boltsEvidence(overrides: Partial<CauseEvidence> = {}): CauseEvidence {
  return {
    sku: 'BOLT-M6-50',
    name: 'M6 bolts 50 mm',
    location: 'Fixings aisle',
    counted: 432,
    system: 480,
    gapUnits: -48,
    gapPct: -0.1,
    gapValue: -16.8,
    currency: 'GBP',
    salesSinceLastCount: 310,
    receiptsSinceLastCount: null,
    lastReceiving: { date: '2026-05-28', qty: 500 },
    lastCountDate: '2026-05-02',
    ...overrides,
  };
}
