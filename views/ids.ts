/** Action, block and view ids shared by the views that render buttons and the listeners that handle them. */
export const ACTION = { approvePo: 'po.approve', editPo: 'po.edit', skipPo: 'po.skip', retryPo: 'po.retry' } as const;
export const VIEW = { editPo: 'po.edit.submit' } as const;
/** Block ids of the Edit modal's inputs; `response_action: errors` names them. */
export const EDIT_BLOCK = { qty: 'po.edit.qty', supplier: 'po.edit.supplier', note: 'po.edit.note' } as const;
export const EDIT_INPUT = { qty: 'qty', supplier: 'supplier', note: 'note' } as const;

export interface OrderRef {
  itemKey: string;
  orderId: string;
}

/** Button values and modal metadata: compact JSON, far below Slack's 2,000-character value limit. */
export const encodeOrderRef = (ref: OrderRef): string => JSON.stringify([ref.itemKey, ref.orderId]);

/** null for anything that is not a ref we made: a tampered or stale payload changes nothing. */
export function decodeOrderRef(value: string): OrderRef | null {
  try {
    const parsed: unknown = JSON.parse(value);
    if (Array.isArray(parsed) && parsed.length === 2 && parsed.every((p) => typeof p === 'string' && p.length > 0)) {
      return { itemKey: parsed[0] as string, orderId: parsed[1] as string };
    }
  } catch {
    // fall through
  }
  return null;
}
