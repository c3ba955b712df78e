import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

// The three ways a till signs its webhook, each checked against the exact bytes received. Comparisons take the same
// time whatever the input and never throw on a wrong length (both sides are hashed to 32 bytes first).

/** How far a generic signature's timestamp may be from now, either way: a replay later than this is refused. */
export const GENERIC_TOLERANCE_SECONDS = 300;

export function sameSecret(a: string, b: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b)) && a.length === b.length;
}

const hmac = (secret: string, ...parts: (string | Buffer)[]) => {
  const h = createHmac('sha256', secret);
  for (const part of parts) h.update(part);
  return h;
};

/** `X-Stockbot-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` with POS_SECRET. */
export function genericSignatureValid(secret: string, header: string | undefined, body: Buffer, now: Date): boolean {
  if (!header) return false;
  const fields = header.split(',').map((part) => part.trim().split('=') as [string, string?]);
  const t = fields.find(([k]) => k === 't')?.[1];
  const signatures = fields.filter(([k]) => k === 'v1').map(([, v]) => v ?? '');
  if (!t || !/^\d{1,12}$/.test(t) || signatures.length === 0) return false;
  if (Math.abs(now.getTime() / 1000 - Number(t)) > GENERIC_TOLERANCE_SECONDS) return false;
  const expected = hmac(secret, `${t}.`, body).digest('hex');
  // Every candidate is compared, so the time taken does not say which one matched.
  return signatures.map((s) => sameSecret(s.toLowerCase(), expected)).includes(true);
}

/** `X-Shopify-Hmac-Sha256`: base64 HMAC-SHA256 of the raw body with the app's secret. */
export function shopifySignatureValid(secret: string, header: string | undefined, body: Buffer): boolean {
  return header !== undefined && sameSecret(header.trim(), hmac(secret, body).digest('base64'));
}

/**
 * `x-square-hmacsha256-signature`: base64 HMAC-SHA256 of the notification URL exactly as configured in Square,
 * followed by the raw body, with the subscription's signature key.
 */
export function squareSignatureValid(key: string, notificationUrl: string, header: string | undefined, body: Buffer): boolean {
  return header !== undefined && sameSecret(header.trim(), hmac(key, notificationUrl, body).digest('base64'));
}
