/**
 * Posted sales invoices as an ERP would publish them: the demo, the
 * end-to-end tests and the e2e benchmark all use these, with the fields the
 * demo invoice layout (`invoice-layout.docx`) prints.
 * @module
 */
import type { DocumentPostedEvent } from '@verzend/shared';

/** An event as published (every defaulted field filled in). */
export type PostedInvoice = DocumentPostedEvent;

const items = [
  ['1896-S', 'ATHENS Desk', 'pcs', 649.4],
  ['1900-S', 'PARIS Guest Chair, black', 'pcs', 192.8],
  ['1906-S', 'ATHENS Mobile Pedestal', 'pcs', 281.4],
  ['1908-S', 'LONDON Swivel Chair, blue', 'pcs', 190.1],
  ['1920-S', 'ANTWERP Conference Table', 'pcs', 420.4],
  ['1928-S', 'AMSTERDAM Lamp', 'pcs', 54.9],
  ['1936-S', 'BERLIN Guest Chair, yellow', 'pcs', 192.8],
  ['1953-W', 'GUILDFORD Whiteboard 120x90', 'pcs', 79.0],
  ['1964-S', 'TOKYO Guest Chair, blue', 'pcs', 192.8],
  ['1968-S', 'MEXICO Swivel Chair, black', 'pcs', 192.8],
  ['1972-S', 'MUNICH Swivel Chair, yellow', 'pcs', 190.1],
  ['1980-S', 'MOSCOW Swivel Chair, red', 'pcs', 190.1],
  ['2000-S', 'SYDNEY Swivel Chair, green', 'pcs', 190.1],
  ['70011', 'Installation service', 'hour', 65.0],
] as const;

/** The demo customers (the Business Central demo company's, with example.com mailboxes). */
export const demoCustomers = [
  {
    no: '10000',
    name: 'Adatum Corporation',
    contact: 'Robert Townes',
    address: 'Station Road, 21',
    postCode: 'CB1 2FB',
    city: 'Cambridge',
    country: 'United Kingdom',
    emails: ['robert.townes@adatum.example.com'],
    language: 'en-GB',
  },
  {
    no: '20000',
    name: 'Trey Research',
    contact: 'Helen Ray',
    address: 'Keizersgracht 152',
    postCode: '1015 CX',
    city: 'Amsterdam',
    country: 'Netherlands',
    emails: ['helen.ray@treyresearch.example.com'],
    language: 'NLD',
  },
  {
    no: '30000',
    name: 'School of Fine Art',
    contact: 'Meagan Bond',
    address: '10 High Tower Green',
    postCode: 'NE21 3YG',
    city: 'Newcastle',
    country: 'United Kingdom',
    emails: ['meagan.bond@fineart.example.com'],
    language: 'en-GB',
  },
] as const;

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Options of {@link postedInvoice}. */
export interface InvoiceOptions {
  company: string;
  companyName?: string;
  eventId: string;
  documentNo: string;
  /** Number of invoice lines (default 10). */
  lines?: number;
  customer?: (typeof demoCustomers)[number];
  /** Overrides of the customer part (emails, sending profile…). */
  customerOverrides?: Partial<PostedInvoice['customer']>;
  postingUser?: PostedInvoice['postingUser'];
  /** Already paid part of the total (amount due = total − paid). */
  paid?: number;
  postingDate?: string;
}

/** A posted sales invoice event, deterministic for the same options. */
export function postedInvoice(opts: InvoiceOptions): PostedInvoice {
  const customer = opts.customer ?? demoCustomers[0];
  const n = opts.lines ?? 10;
  const seed = [...opts.documentNo].reduce((a, c) => a + c.charCodeAt(0), 0);
  const lines = Array.from({ length: n }, (_, i) => {
    const item = items[(seed + i) % items.length] ?? items[0];
    const quantity = ((seed + i * 7) % 5) + 1;
    return {
      No: item[0],
      Description: item[1],
      Quantity: quantity,
      Unit: item[2],
      UnitPrice: item[3],
      Amount: round2(quantity * item[3]),
    };
  });
  const subtotal = round2(lines.reduce((a, l) => a + l.Amount, 0));
  const vatPercent = 21;
  const vat = round2((subtotal * vatPercent) / 100);
  const total = round2(subtotal + vat);
  const postingDate = opts.postingDate ?? '2026-11-27';
  const due = new Date(`${postingDate}T00:00:00Z`);
  due.setUTCDate(due.getUTCDate() + 30);
  const companyName = opts.companyName ?? 'CRONUS';
  return {
    eventId: opts.eventId,
    company: opts.company,
    documentType: 'sales-invoice',
    documentNo: opts.documentNo,
    reportUsage: 'sales-invoice',
    dataset: {
      currency: 'EUR',
      language: customer.language,
      amountDue: round2(total - (opts.paid ?? 0)),
      companyName,
      // Flat fields for the built-in email-body layouts ({customerName}, {documentNo}, {dueDate}).
      customerName: customer.name,
      documentNo: opts.documentNo,
      dueDate: due.toISOString().slice(0, 10),
      Company: {
        Name: `${companyName} International Ltd.`,
        Address: '5 The Ring',
        PostCode: 'W2 8HG',
        City: 'London',
        Country: 'United Kingdom',
        Email: 'sales@cronus.example.com',
        Phone: '+44 20 7946 0000',
        VatNo: 'GB777777776',
        Iban: 'GB29 NWBK 6016 1331 9268 19',
        Bic: 'NWBKGB2L',
      },
      Customer: {
        No: customer.no,
        Name: customer.name,
        Contact: customer.contact,
        Address: customer.address,
        PostCode: customer.postCode,
        City: customer.city,
        Country: customer.country,
      },
      Invoice: {
        No: opts.documentNo,
        PostingDate: postingDate,
        DueDate: due.toISOString().slice(0, 10),
        PaymentTerms: '30 days',
        YourReference: `PO-${seed}`,
        OrderNo: `S-ORD${String(seed).padStart(6, '0')}`,
      },
      Lines: lines,
      Totals: { Subtotal: subtotal, VatPercent: vatPercent, VatAmount: vat, Total: total },
    },
    customer: {
      no: customer.no,
      name: customer.name,
      emails: [...customer.emails],
      language: customer.language,
      ...opts.customerOverrides,
    },
    relatedRecords: [],
    postingUser: opts.postingUser ?? {
      id: 'anna',
      email: 'anna@cronus.example.com',
      name: 'Anna Lindqvist',
    },
    extraAttachments: [],
    postedAt: `${postingDate}T09:00:00Z`,
  };
}
