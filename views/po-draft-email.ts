import type { OrderRecord } from '../src/domain/order-record';
import { poDraftText } from './po-draft-text';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The draft for an owner without Slack: the same facts as the DM, with Approve / Skip links.
 * Edit needs Slack's modal, so the email says to reply or use Slack for changes.
 */
export function poDraftEmail(order: OrderRecord, currency: string, links: { approve: string; skip: string }) {
  const facts = poDraftText(order.draft, currency);
  const subject = `${order.draft.urgent ? 'URGENT reorder' : 'Reorder'}: ${order.draft.name} (${order.sku})`;
  const text = `${facts}\n\nApprove and send the PO: ${links.approve}\nSkip this time: ${links.skip}\n\nEach link asks you to confirm, and works once.`;
  const html =
    `<pre style="font:14px/1.5 ui-monospace,monospace">${esc(facts)}</pre>` +
    `<p><a href="${esc(links.approve)}">Approve and send the PO</a> &nbsp;·&nbsp; <a href="${esc(links.skip)}">Skip this time</a></p>` +
    `<p style="color:#666">Each link asks you to confirm, and works once.</p>`;
  return { subject, text, html };
}
