import { DEFAULT_RULES } from '../../src/config/rules-doc';
import type { Rules, StockItem, Supplier, SupplierBook } from '../../src/domain/types';

/** The seed's House Blend beans: rate 8, lead 5, buffer 20 → point 60. */
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
