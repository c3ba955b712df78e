import type { Store } from '../store/open-store';
import { confirmPage, resultPage } from '../../views/email-action-page';
import { verifyLink } from './email-links';
import { approveOrder, skipOrder, type DecisionDeps } from './order-decisions';

export interface EmailActionDeps extends DecisionDeps {
  store: DecisionDeps['store'] & Pick<Store, 'dedupe'>;
  linkSecret: string;
}

export interface EmailActionResponse {
  status: number;
  html: string;
}

/**
 * The email-action endpoint: GET shows a confirmation and changes nothing; POST acts once. A replayed, altered or
 * expired link gets a clear page and changes nothing.
 */
export async function emailAction(deps: EmailActionDeps, method: string, token: string, now: Date): Promise<EmailActionResponse> {
  const check = verifyLink(deps.linkSecret, token, now);
  if (!check.ok) {
    return check.reason === 'expired'
      ? {
          status: 410,
          html: resultPage(
            'This link has expired',
            'Open the latest draft in Slack or the newest email, or wait for the next daily check.',
          ),
        }
      : { status: 400, html: resultPage('This link is not valid', 'It may have been changed on the way. Nothing was done.') };
  }
  const { claims } = check;
  const order = await deps.store.orders.get(claims.itemKey, claims.orderId);
  if (!order) return { status: 404, html: resultPage('Order not found', 'This draft no longer exists. Nothing was done.') };
  if (method === 'GET') {
    return order.status === 'pending'
      ? { status: 200, html: confirmPage(order, claims.action, token) }
      : { status: 200, html: resultPage('Already decided', `This draft is ${order.status}. Nothing more to do.`) };
  }
  if (method !== 'POST') return { status: 405, html: resultPage('Not allowed', 'Use the button on the page.') };
  const used = { status: 409, html: resultPage('This link was already used', 'It can act only once. Nothing more was done.') };
  if (await deps.store.dedupe.linkUsed(claims.nonce)) return used;
  const rules = await deps.documents.readRules();
  const by = rules.ownerEmail ?? 'owner (email link)';
  // The link is spent in the decision's own transaction: a decision that fails (a rules doc mid-edit, a DynamoDB
  // hiccup) leaves the link working for a retry, and a link that acted once can never act again.
  const spend = [deps.store.dedupe.linkUseRequest(claims.nonce, now)];
  const outcome =
    claims.action === 'approve'
      ? await approveOrder(deps, claims, by, now, undefined, spend)
      : await skipOrder(deps, claims, by, now, spend);
  // Lost a race with the same link (a double-clicked button): the other request decided, and this link is used up.
  if (outcome.kind === 'already-decided' && (await deps.store.dedupe.linkUsed(claims.nonce))) return used;
  switch (outcome.kind) {
    case 'approved':
      return {
        status: 200,
        html: resultPage('Approved', `The purchase order for ${order.draft.name} is being emailed to ${order.supplier}.`),
      };
    case 'skipped':
      return {
        status: 200,
        html: resultPage('Skipped', `Nothing was ordered. ${order.draft.name} will not be drafted again until the cooldown ends.`),
      };
    case 'already-decided':
      return { status: 200, html: resultPage('Already decided', `This draft is ${outcome.order.status}. Nothing more was done.`) };
    default:
      return { status: 404, html: resultPage('Order not found', 'Nothing was done.') };
  }
}

/** An email-action request as any HTTP transport sees it: the method, the query string and the (decoded) body. */
export interface EmailActionRequest {
  method: string;
  query: string;
  body: string;
}

export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * The email-action endpoint over HTTP, for every transport (the Lambda's Function URL, `stockbot serve`'s route):
 * `?token=` on GET (the link), a form field `token` on POST (the confirmation page's button).
 */
export async function emailActionHttp(deps: EmailActionDeps, req: EmailActionRequest, now: Date): Promise<HttpResponse> {
  const token =
    (req.method === 'POST' ? new URLSearchParams(req.body).get('token') : null) ?? new URLSearchParams(req.query).get('token') ?? '';
  const { status, html } = await emailAction(deps, req.method, token, now);
  return { statusCode: status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }, body: html };
}
