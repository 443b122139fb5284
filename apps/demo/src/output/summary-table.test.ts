import { describe, expect, it } from 'vitest';
import { formatTable } from './summary-table.js';

describe('formatTable', () => {
  it('pads columns to the widest cell and underlines the header', () => {
    expect(
      formatTable([
        ['product', '1000 callers', 'lockout guard'],
        ['payouts', '1 request', 'stopped at 2'],
        ['bbps', '1 request', '✗ failed'],
      ]),
    ).toEqual([
      'product  1000 callers  lockout guard',
      '-------  ------------  -------------',
      'payouts  1 request     stopped at 2',
      'bbps     1 request     ✗ failed',
    ]);
  });

  it('is empty without rows', () => {
    expect(formatTable([])).toEqual([]);
  });
});
