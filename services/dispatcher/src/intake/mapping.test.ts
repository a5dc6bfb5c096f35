import { describe, expect, it } from 'vitest';
import { isPayable, scenarioForUsage, usageForDocumentType } from './mapping';

describe('document mappings', () => {
  it('maps document types to their report usage', () => {
    expect(usageForDocumentType('sales-invoice')).toBe('sales-invoice');
    expect(usageForDocumentType('sales-order')).toBe('sales-order-confirmation');
    expect(usageForDocumentType('reminder')).toBe('reminder');
  });

  it('maps usages to scenarios as Business Central does, unknown ones to default', () => {
    expect(scenarioForUsage('sales-invoice')).toBe('sales-invoice');
    expect(scenarioForUsage('sales-order-confirmation')).toBe('sales-order');
    expect(scenarioForUsage('reminder')).toBe('reminder');
    expect(scenarioForUsage('job-quote')).toBe('default');
  });

  it('offers payment only for invoices with an open amount, never for credit memos', () => {
    expect(isPayable('sales-invoice', 10)).toBe(true);
    expect(isPayable('sales-invoice', 0)).toBe(false);
    expect(isPayable('sales-invoice', undefined)).toBe(false);
    expect(isPayable('sales-credit-memo', 10)).toBe(false);
    expect(isPayable('sales-quote', 10)).toBe(false);
  });
});
