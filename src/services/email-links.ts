import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { OrderRef } from '../domain/order-record';

/** What an emailed Approve / Skip link may do. */
export type LinkAction = 'approve' | 'skip';

export interface LinkClaims extends OrderRef {
  action: LinkAction;
  /** Unix seconds. */
  expires: number;
  /** Single use: consumed by a conditional write when the link acts. */
  nonce: string;
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
const mac = (secret: string, body: string) => createHmac('sha256', secret).update(body).digest('base64url');

/** `<claims>.<hmac>`: an HMAC-SHA256 over (order, action, expiry, nonce) with the app's link secret. */
export function signLink(
  secret: string,
  ref: OrderRef,
  action: LinkAction,
  expires: Date,
  nonce = randomBytes(12).toString('base64url'),
): string {
  const body = b64(JSON.stringify([ref.itemKey, ref.orderId, action, Math.floor(expires.getTime() / 1000), nonce]));
  return `${body}.${mac(secret, body)}`;
}

export type LinkCheck = { ok: true; claims: LinkClaims } | { ok: false; reason: 'tampered' | 'expired' };

/** Checks the signature first (so nothing in an altered link is trusted), then the expiry. */
export function verifyLink(secret: string, token: string, now: Date): LinkCheck {
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined) return { ok: false, reason: 'tampered' };
  const expected = Buffer.from(mac(secret, body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'tampered' };
  try {
    const [itemKey, orderId, action, expires, nonce] = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as unknown[];
    if (
      typeof itemKey !== 'string' ||
      typeof orderId !== 'string' ||
      (action !== 'approve' && action !== 'skip') ||
      typeof expires !== 'number' ||
      typeof nonce !== 'string'
    ) {
      return { ok: false, reason: 'tampered' };
    }
    if (now.getTime() / 1000 > expires) return { ok: false, reason: 'expired' };
    return { ok: true, claims: { itemKey, orderId, action, expires, nonce } };
  } catch {
    return { ok: false, reason: 'tampered' };
  }
}
