import { closest, normalizeKey, splitLines } from '../../../src/config/headers';

describe('normalizeKey', () => {
  it('treats case, spaces, underscores and dashes alike', () => {
    expect(normalizeKey('Daily Sales-Rate')).toBe('daily_sales_rate');
    expect(normalizeKey('  ON_HAND ')).toBe('on_hand');
    expect(normalizeKey('lead - time  days')).toBe('lead_time_days');
    expect(normalizeKey('quiet hours')).toBe(normalizeKey('Quiet_Hours'));
  });

  it('drops a UTF-8 byte-order mark, which Excel puts before the first header', () => {
    expect(normalizeKey('\uFEFFsku')).toBe('sku');
  });
});

describe('closest', () => {
  const keys = ['quiet hours', 'timezone', 'watch margin', 'owner', 'owner email'];

  it('suggests the key a small typo was meant to be', () => {
    expect(closest('quite hours', keys)).toBe('quiet hours');
    expect(closest('Time-Zone', keys)).toBe('timezone');
    expect(closest('watch margn', keys)).toBe('watch margin');
  });

  it('suggests the full word for an abbreviation, and the abbreviation for the full word', () => {
    expect(closest('quantity', ['po_number', 'qty', 'unit_cost'])).toBe('qty');
    expect(closest('q', ['qty'])).toBeNull();
  });

  it('suggests nothing when nothing is close', () => {
    expect(closest('colour', keys)).toBeNull();
    expect(closest('', keys)).toBeNull();
    expect(closest('ab', ['xy'])).toBeNull();
  });
});

describe('splitLines', () => {
  it('splits LF, CRLF and CR line endings and drops a BOM', () => {
    expect(splitLines('\uFEFFa\r\nb\nc\rd')).toEqual(['a', 'b', 'c', 'd']);
  });
});
