/** The placeholders a supplier's PO template may use (README, "Supplier doc"). Any other is an error. */
export const PO_PLACEHOLDERS = ['po_number', 'date', 'item', 'sku', 'qty', 'unit_cost', 'line_total', 'note', 'supplier'] as const;
export type PoPlaceholder = (typeof PO_PLACEHOLDERS)[number];

export type PoValues = Record<PoPlaceholder, string>;

/** Used when a supplier's section has no `template:`. */
export const DEFAULT_PO_TEMPLATE = [
  'Hello {supplier},',
  '',
  'Please supply {qty} x {item} ({sku}) at {unit_cost} each, total {line_total}.',
  'Purchase order {po_number}, {date}. {note}',
  '',
  'Thank you.',
].join('\n');

const PLACEHOLDER = /\{([a-z_]+)\}/g;

/** Placeholders in a template that are not allowed, in order of appearance. */
export function unknownPlaceholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)]
    .map((m) => m[1] ?? '')
    .filter((name) => !(PO_PLACEHOLDERS as readonly string[]).includes(name));
}

/**
 * Fills a supplier's template. The supplier doc parser has already rejected unknown placeholders,
 * so anything left in braces is the supplier's own text and stays as written.
 * An empty {note} must not leave a dangling space at the end of a line.
 */
export function renderPo(template: string, values: PoValues): string {
  return template
    .replace(PLACEHOLDER, (whole, name: string) =>
      (PO_PLACEHOLDERS as readonly string[]).includes(name) ? values[name as PoPlaceholder] : whole,
    )
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trim();
}
