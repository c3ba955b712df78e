import type { Rules, StockItem, Supplier, SupplierBook } from './types';

export interface ResolvedSupplier {
  /** null only when the item, its category and the rules doc all name no supplier. */
  name: string | null;
  /** Where the name came from; `fallback` is counted in the weekly digest so the supplier doc gets fixed. */
  source: 'item' | 'category' | 'fallback' | 'none';
  /** The supplier doc's section; null when the name is not in the doc. */
  details: Supplier | null;
}

export const findSupplier = (suppliers: SupplierBook, name: string | null): Supplier | null =>
  name === null ? null : (suppliers[name.toLowerCase()] ?? null);

/** Which supplier: item supplier, else category supplier, else the fallback supplier. */
export function resolveSupplier(item: StockItem, rules: Rules, suppliers: SupplierBook): ResolvedSupplier {
  const byCategory = item.category === null ? undefined : rules.categorySuppliers[item.category.toLowerCase()];
  const [name, source]: [string | null, ResolvedSupplier['source']] =
    item.supplier !== null
      ? [item.supplier, 'item']
      : byCategory !== undefined
        ? [byCategory, 'category']
        : rules.fallbackSupplier !== null
          ? [rules.fallbackSupplier, 'fallback']
          : [null, 'none'];
  const details = findSupplier(suppliers, name);
  return { name: details?.name ?? name, source, details };
}

/**
 * Suppliers named in the sheet or the rules doc but missing from the supplier doc. Their drafts would have no email
 * and no pack size, so the check reports them up front instead of letting the owner find out at Approve.
 */
export function missingSupplierWarnings(items: readonly StockItem[], rules: Rules, suppliers: SupplierBook): string[] {
  const warnings: string[] = [];
  const bySupplier = new Map<string, string[]>();
  for (const item of items) {
    if (item.supplier === null || findSupplier(suppliers, item.supplier)) continue;
    const skus = bySupplier.get(item.supplier) ?? [];
    skus.push(item.sku);
    bySupplier.set(item.supplier, skus);
  }
  for (const [name, skus] of bySupplier) {
    const shown = skus.slice(0, 5).join(', ') + (skus.length > 5 ? ` and ${skus.length - 5} more` : '');
    warnings.push(`the stock sheet names supplier "${name}" (${shown}) but the supplier doc has no "## ${name}" section`);
  }
  const named: [string, string][] = [
    ...(rules.fallbackSupplier === null ? [] : [['fallback supplier', rules.fallbackSupplier] as [string, string]]),
    ...Object.entries(rules.categorySuppliers).map(([category, name]): [string, string] => [`category supplier for ${category}`, name]),
    ...Object.entries(rules.backupSuppliers).map(([sku, name]): [string, string] => [`backup supplier for ${sku}`, name]),
  ];
  for (const [role, name] of named) {
    if (!findSupplier(suppliers, name))
      warnings.push(`the rules doc's ${role} is "${name}", but the supplier doc has no "## ${name}" section`);
  }
  return warnings;
}
