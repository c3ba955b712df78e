import { decodeFunctionUrlBody } from '../../../src/handlers/function-url';

describe('Function URL bodies', () => {
  it('decodes base64 as UTF-8 so non-ASCII text survives', () => {
    const body = `payload=${encodeURIComponent(JSON.stringify({ note: 'Café crème £4.20' }))}`;
    const event = decodeFunctionUrlBody({ body: Buffer.from(body, 'utf8').toString('base64'), isBase64Encoded: true });
    expect(event).toEqual({ body, isBase64Encoded: false });
  });

  it('leaves plain bodies alone', () => {
    const event = { body: 'a=1', isBase64Encoded: false };
    expect(decodeFunctionUrlBody(event)).toBe(event);
  });
});
