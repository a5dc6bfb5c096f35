/**
 * Business Central's document mappings: which report usage prints a posted
 * document, which email scenario sends it, and which documents can be paid
 * online. Mirrors BC's "Email Scenario Mapping" codeunit: every usage BC maps
 * has its scenario; anything else goes out under the default scenario.
 * @module
 */
import type { DocumentType, ReportUsage, StandardScenario } from '@verzend/shared';

const usageByDocumentType: Record<DocumentType, ReportUsage> = {
  'sales-quote': 'sales-quote',
  'sales-order': 'sales-order-confirmation',
  'sales-invoice': 'sales-invoice',
  'sales-credit-memo': 'sales-credit-memo',
  reminder: 'reminder',
  'finance-charge': 'finance-charge',
  'customer-statement': 'customer-statement',
  'purchase-quote': 'purchase-quote',
  'purchase-order': 'purchase-order',
  'vendor-remittance': 'vendor-remittance',
  'service-invoice': 'service-invoice',
};

const scenarioByUsage: Partial<Record<string, StandardScenario>> = {
  'sales-quote': 'sales-quote',
  'sales-order-confirmation': 'sales-order',
  'sales-invoice': 'sales-invoice',
  'sales-credit-memo': 'sales-credit-memo',
  reminder: 'reminder',
  'finance-charge': 'finance-charge',
  'customer-statement': 'customer-statement',
  'purchase-quote': 'purchase-quote',
  'purchase-order': 'purchase-order',
  'vendor-remittance': 'vendor-remittance',
  'service-invoice': 'service-invoice',
};

/** The report usage that prints a document type (BC "Report Selection Usage"). */
export function usageForDocumentType(documentType: DocumentType): ReportUsage {
  return usageByDocumentType[documentType];
}

/** The email scenario for a report usage; usages BC does not map use `default`. */
export function scenarioForUsage(usage: string): StandardScenario {
  return scenarioByUsage[usage] ?? 'default';
}

/**
 * Documents a customer pays: only these get a payment link, and only with an
 * open amount. Credit memos, quotes and orders never do.
 */
const payable = new Set<DocumentType>(['sales-invoice', 'service-invoice']);

/** True when a payment link may be offered for this document and open amount. */
export function isPayable(documentType: DocumentType, amountDue: number | undefined): boolean {
  return payable.has(documentType) && amountDue !== undefined && amountDue > 0;
}
