import { genericSignatureValid, sameSecret, shopifySignatureValid, squareSignatureValid } from '../../../src/services/pos-signatures';

// Vectors computed with openssl, not with this code: the body has an emoji and accented letters, so any re-encoding of
// the bytes (latin-1, a JSON round trip) would break the match.
const BODY = Buffer.from('{"event_id":"evt-ü-1","type":"sale","sku":"CAFÉ-CRÈME","qty":2,"at":"2026-11-23T10:00:00Z","note":"☕"}', 'utf8');
const T = 1795000000;
const AT_T = new Date(T * 1000);

describe('till signatures', () => {
  it('generic: t=<unix>,v1=<hex HMAC of "t.body">, within five minutes either way', () => {
    const header = `t=${T},v1=15647c0dc05c93b2c4d7080354872b3c2c010768033ff8ff0cf3f2b381d4b0e8`;
    expect(genericSignatureValid('whsec_test_123', header, BODY, AT_T)).toBe(true);
    expect(genericSignatureValid('whsec_test_123', header, BODY, new Date((T + 299) * 1000))).toBe(true);
    expect(genericSignatureValid('whsec_test_123', header, BODY, new Date((T - 299) * 1000))).toBe(true);
    expect(genericSignatureValid('whsec_test_123', header, BODY, new Date((T + 301) * 1000))).toBe(false);
    expect(genericSignatureValid('whsec_test_123', header, BODY, new Date((T - 301) * 1000))).toBe(false);
    expect(genericSignatureValid('another-secret', header, BODY, AT_T)).toBe(false);
    expect(genericSignatureValid('whsec_test_123', header, Buffer.concat([BODY, Buffer.from(' ')]), AT_T)).toBe(false);
    // A rotated secret: the header may carry several v1s; any one matching is enough.
    expect(
      genericSignatureValid(
        'whsec_test_123',
        `t=${T},v1=00ff,v1=15647c0dc05c93b2c4d7080354872b3c2c010768033ff8ff0cf3f2b381d4b0e8`,
        BODY,
        AT_T,
      ),
    ).toBe(true);
  });

  it('generic: a missing, malformed or short header is refused, never thrown on', () => {
    for (const header of [undefined, '', 'v1=abc', `t=${T}`, 't=soon,v1=ab', `t=${T},v1=`, `t=${T},v1=1`, 'garbage'])
      expect(genericSignatureValid('whsec_test_123', header, BODY, AT_T)).toBe(false);
  });

  it('Shopify: base64 HMAC of the raw body', () => {
    expect(shopifySignatureValid('shpss_test_456', 'iSFhmqIEnj1dCbj0P4jMbERfm4HIg7cQRa8XIXT6vwg=', BODY)).toBe(true);
    expect(shopifySignatureValid('shpss_test_456', 'iSFhmqIEnj1dCbj0P4jMbERfm4HIg7cQRa8XIXT6vwg', BODY)).toBe(false);
    expect(shopifySignatureValid('shpss_test_456', undefined, BODY)).toBe(false);
    expect(shopifySignatureValid('wrong', 'iSFhmqIEnj1dCbj0P4jMbERfm4HIg7cQRa8XIXT6vwg=', BODY)).toBe(false);
  });

  it('Square: base64 HMAC of the notification URL as configured, then the body', () => {
    const url = 'https://shop.example/pos/square';
    expect(squareSignatureValid('sqkey_test_789', url, '4v6xow/rbeOom4MMPLcT3m9QzrP9rW9KvrY3gcu5ExU=', BODY)).toBe(true);
    expect(squareSignatureValid('sqkey_test_789', `${url}/`, '4v6xow/rbeOom4MMPLcT3m9QzrP9rW9KvrY3gcu5ExU=', BODY)).toBe(false);
    expect(squareSignatureValid('sqkey_test_789', url, 'x', BODY)).toBe(false);
  });

  it('compares in constant time without throwing on different lengths', () => {
    expect(sameSecret('abc', 'abc')).toBe(true);
    expect(sameSecret('abc', 'abcd')).toBe(false);
    expect(sameSecret('', 'a')).toBe(false);
  });
});
