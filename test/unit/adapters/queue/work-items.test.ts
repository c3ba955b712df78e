import { parseWorkItem, QUEUE_OF, WorkItemSchema } from '../../../../src/adapters/queue';

describe('parseWorkItem: queued messages back into work items, through one schema', () => {
  it('reads each kind of work', () => {
    expect(parseWorkItem('{"kind":"send-po","itemKey":"main#BEAN-HB","orderId":"2026-11-23"}')).toEqual({
      kind: 'send-po',
      itemKey: 'main#BEAN-HB',
      orderId: '2026-11-23',
    });
    expect(parseWorkItem('{"kind":"run-job","job":"sheet-flush"}')).toEqual({ kind: 'run-job', job: 'sheet-flush' });
    expect(parseWorkItem('{"kind":"refresh-home","user":"U0OWNER"}')).toEqual({ kind: 'refresh-home', user: 'U0OWNER' });
    const fix = { kind: 'fix-parked', sessionId: 'S1', sk: 'PARKED#1', sku: 'WSH-M6', qty: 200, by: 'U0SAM' };
    expect(parseWorkItem(JSON.stringify(fix))).toEqual(fix);
    const open = { kind: 'open-count', location: 'Fixings', categories: null, counter: 'U0SAM', by: 'U0SAM', fallbackChannel: null };
    expect(parseWorkItem(JSON.stringify(open))).toEqual(open);
  });

  it('runs the held-draft and write-back messages an earlier version queued as the same registry jobs', () => {
    expect(parseWorkItem('{"kind":"deliver-drafts"}')).toEqual({ kind: 'run-job', job: 'deliver-drafts' });
    expect(parseWorkItem('{"kind":"flush-sheet"}')).toEqual({ kind: 'run-job', job: 'sheet-flush' });
  });

  it('refuses anything else, saying which field is wrong', () => {
    expect(() => parseWorkItem('{not json')).toThrow('not JSON: {not json');
    expect(() => parseWorkItem('{"kind":"order-everything"}')).toThrow(/not a work item this version knows \(kind: /);
    expect(() => parseWorkItem('{"kind":"send-po","itemKey":"main#BEAN-HB"}')).toThrow(/\(orderId: /);
    expect(() => parseWorkItem('{"kind":"fix-parked","sessionId":"S1","sk":"P","sku":"X","qty":-3,"by":"U"}')).toThrow(/\(qty: /);
    expect(() => parseWorkItem('{"kind":"post-variance","sessionId":"S1","sku":"X","by":"U","choice":"whatever"}')).toThrow(/\(choice: /);
    expect(() => parseWorkItem('null')).toThrow(/not a work item/);
  });

  it('every kind of work has a queue: supplier emails and stock writes each have their own', () => {
    const kinds = WorkItemSchema.options.map((o) => o.shape.kind.value);
    expect(Object.keys(QUEUE_OF).sort()).toEqual([...kinds].sort());
    expect(QUEUE_OF['send-po']).toBe('send-po');
    expect(QUEUE_OF['post-variance']).toBe('stock-post');
    // A till's sale writes a quantity too: the stock poster applies it.
    expect(QUEUE_OF['pos-event']).toBe('stock-post');
    // So does a rate for the stock sheet: its change waits in the inventory table, which only the stock poster writes.
    // Approved mail-in rows write quantities too; moving a discarded mail needs the raw-mail bucket, which only mail-in reaches.
    expect(QUEUE_OF['apply-intake']).toBe('stock-post');
    expect(QUEUE_OF['discard-mail']).toBe('mail');
    expect(kinds.filter((k) => QUEUE_OF[k] !== 'work').sort()).toEqual([
      'apply-intake',
      'discard-mail',
      'pos-event',
      'post-variance',
      'send-chase',
      'send-po',
      'use-till-rate',
    ]);
  });
});
