import { describe, expect, it } from 'vitest';
import { ConfigKeys } from './keys';

describe('config key layout', () => {
  it('starts every key with the company, and refuses ids that could widen a subject', () => {
    expect(ConfigKeys.account('acme', 'a1')).toBe('acme.account.a1');
    expect(ConfigKeys.reportSelection('acme', 'sales-invoice', null)).toBe(
      'acme.report-selection.sales-invoice._',
    );
    expect(() => ConfigKeys.account('acme', 'a.>')).toThrow();
    expect(() => ConfigKeys.company('*')).toThrow();
  });
});
