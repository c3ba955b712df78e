import type { OrderRecord } from '../src/domain/order-record';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
  `<title>${esc(title)}</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem}` +
  `button{font-size:1rem;padding:.6rem 1.2rem}</style></head><body><h1>${esc(title)}</h1>${body}</body></html>`;

/**
 * GET shows this and changes nothing: mail scanners follow links, so only a person pressing the button (a POST) acts.
 */
export function confirmPage(order: OrderRecord, action: 'approve' | 'skip', token: string): string {
  const verb = action === 'approve' ? 'Approve and send' : 'Skip';
  return page(
    `${verb} this purchase order?`,
    `<p>${esc(order.draft.name)} (${esc(order.sku)}) at ${esc(order.location)}: ${order.qty} from ` +
      `${esc(order.supplier ?? 'no supplier')}.</p>` +
      `<form method="post"><input type="hidden" name="token" value="${esc(token)}"><button type="submit">${verb}</button></form>`,
  );
}

export const resultPage = (title: string, detail: string): string => page(title, `<p>${esc(detail)}</p>`);
