import { signLink, verifyLink } from '../../../src/services/email-links';

const REF = { itemKey: 'main#BEAN-HB', orderId: '2026-11-23' };
const NOW = new Date('2026-11-23T08:00:00Z');
const EXPIRES = new Date('2026-11-30T08:00:00Z');

describe('signed email links', () => {
  it('round-trips the order, action, expiry and nonce', () => {
    const token = signLink('secret', REF, 'approve', EXPIRES, 'n1');
    expect(verifyLink('secret', token, NOW)).toEqual({
      ok: true,
      claims: { ...REF, action: 'approve', expires: EXPIRES.getTime() / 1000, nonce: 'n1' },
    });
  });

  it('refuses an altered link: another action, another order, another secret, garbage', () => {
    const token = signLink('secret', REF, 'skip', EXPIRES, 'n1');
    const [body, sig] = token.split('.');
    const forged = Buffer.from(JSON.stringify([REF.itemKey, REF.orderId, 'approve', EXPIRES.getTime() / 1000, 'n1'])).toString('base64url');
    expect(verifyLink('secret', `${forged}.${sig}`, NOW)).toEqual({ ok: false, reason: 'tampered' });
    expect(verifyLink('other-secret', token, NOW)).toEqual({ ok: false, reason: 'tampered' });
    expect(verifyLink('secret', `${body}.${sig}x`, NOW)).toEqual({ ok: false, reason: 'tampered' });
    expect(verifyLink('secret', 'nonsense', NOW)).toEqual({ ok: false, reason: 'tampered' });
  });

  it('refuses an expired link', () => {
    const token = signLink('secret', REF, 'approve', new Date('2026-11-23T07:59:59Z'), 'n1');
    expect(verifyLink('secret', token, NOW)).toEqual({ ok: false, reason: 'expired' });
  });
});
