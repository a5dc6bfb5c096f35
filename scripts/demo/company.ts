/**
 * Sets up a company for emailing posted invoices through the public APIs,
 * idempotently (safe to run on every start): company record, an account as
 * the default, the demo Word invoice layout, the sales-invoice report
 * selection, document sending profiles and PayPal. Used by the demo, the
 * end-to-end tests and the e2e benchmark.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { AccountCreate } from '@verzend/connectors';

/** Calls a service's API with the caller's token (path starts with `/v1/`). */
export type ApiCall = (
  service: 'config' | 'dispatcher',
  path: string,
  init?: RequestInit,
) => Promise<Response>;

/** The demo invoice layouts shipped with the repository (English, and Dutch for a customer override). */
export const INVOICE_LAYOUTS = {
  en: {
    path: join(import.meta.dirname, 'invoice-layout.docx'),
    name: 'Verzend demo invoice',
    description: 'A4 sales invoice: company header, bill-to, lines, totals, how to pay.',
  },
  nl: {
    path: join(import.meta.dirname, 'invoice-layout.nl.docx'),
    name: 'Verzend demo invoice (Dutch)',
    description: 'The demo invoice in Dutch, selected for Dutch customers by a customer override.',
  },
} as const;

/** Customers whose report selection is overridden with the Dutch layout. */
export const DUTCH_CUSTOMERS = ['20000'];

/** What {@link setUpInvoicing} configures. */
export interface InvoicingSetup {
  companyName: string;
  account: AccountCreate;
  /** PayPal merchant (sandbox) for the payment link; omitted: PayPal is not set up. */
  paypalMerchant?: string;
  /** Test company: only the capture connector or allowlisted recipients receive mail. */
  isTest?: boolean;
  /** Attach the invoice document (default true; the benchmark compares without). */
  attachDocument?: boolean;
  /** How the sending profiles attach it: the printed PDF (default) or the Word file. */
  attachmentFormat?: 'pdf' | 'docx';
}

/** Ids of what was set up. */
export interface InvoicingIds {
  accountId: string;
  layoutId: string;
  dutchLayoutId: string;
}

async function ok(res: Response, what: string): Promise<unknown> {
  if (!res.ok) {
    throw new Error(`${what} failed: ${res.status} ${await res.text()}`);
  }
  return res.status === 204 ? null : res.json();
}

const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** Sending profiles every setup has: EMAIL (default), NO-EMAIL, PROMPT. */
export const SENDING_PROFILES = {
  EMAIL: { description: 'Email, default settings', email: 'yes-use-default', isDefault: true },
  'NO-EMAIL': { description: 'Print only, no email', email: 'no', isDefault: false },
  PROMPT: { description: 'Email, review first', email: 'yes-prompt', isDefault: false },
} as const;

/** Sets everything up (or finds it set up) and returns the ids. */
export async function setUpInvoicing(call: ApiCall, setup: InvoicingSetup): Promise<InvoicingIds> {
  await ok(
    await call(
      'config',
      '/v1/company',
      json('PUT', { name: setup.companyName, isTest: setup.isTest ?? false }),
    ),
    'company',
  );

  const accounts = (await ok(await call('config', '/v1/accounts'), 'list accounts')) as {
    items: { id: string; name: string; emailAddress: string; isDefault: boolean }[];
  };
  let account = accounts.items.find(
    (a) => a.name === setup.account.name && a.emailAddress === setup.account.emailAddress,
  );
  if (!account) {
    account = (await ok(
      await call('config', '/v1/accounts', json('POST', setup.account)),
      'create account',
    )) as { id: string; name: string; emailAddress: string; isDefault: boolean };
  }
  if (!account.isDefault) {
    await ok(
      await call('config', `/v1/accounts/${account.id}/default`, { method: 'POST' }),
      'make the account the default',
    );
  }

  const layouts = (await ok(await call('config', '/v1/layouts'), 'list layouts')) as {
    items: { id: string; name: string }[];
  };
  const layoutIds: Record<keyof typeof INVOICE_LAYOUTS, string> = { en: '', nl: '' };
  for (const [lang, def] of Object.entries(INVOICE_LAYOUTS) as [
    keyof typeof INVOICE_LAYOUTS,
    (typeof INVOICE_LAYOUTS)[keyof typeof INVOICE_LAYOUTS],
  ][]) {
    let layout = layouts.items.find((l) => l.name === def.name);
    if (!layout) {
      const form = new FormData();
      form.set('name', def.name);
      form.set('description', def.description);
      form.set('reportId', '1306');
      form.set(
        'file',
        new Blob([new Uint8Array(await readFile(def.path))], {
          type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        }),
        basename(def.path),
      );
      layout = (await ok(
        await call('config', '/v1/layouts', { method: 'POST', body: form }),
        `upload the layout "${def.name}"`,
      )) as { id: string; name: string };
    }
    layoutIds[lang] = layout.id;
  }

  const attach = setup.attachDocument ?? true;
  const selection = (layoutId: string, customerNo: string | null) =>
    json('PUT', {
      customerNo,
      entries: [
        {
          sequence: 1,
          reportId: 1306,
          useForEmailBody: true,
          bodyLayoutId: layoutId,
          useForEmailAttachment: attach,
          ...(attach ? { attachmentLayoutId: layoutId } : {}),
        },
      ],
    });
  await ok(
    await call('config', '/v1/report-selections/sales-invoice', selection(layoutIds.en, null)),
    'report selection',
  );
  for (const customerNo of DUTCH_CUSTOMERS) {
    await ok(
      await call(
        'config',
        '/v1/report-selections/sales-invoice',
        selection(layoutIds.nl, customerNo),
      ),
      `report selection for customer ${customerNo}`,
    );
  }

  for (const [code, profile] of Object.entries(SENDING_PROFILES)) {
    await ok(
      await call(
        'config',
        `/v1/sending-profiles/${code}`,
        json('PUT', { ...profile, attachmentFormat: setup.attachmentFormat ?? 'pdf' }),
      ),
      `sending profile ${code}`,
    );
  }

  if (setup.paypalMerchant) {
    await ok(
      await call(
        'config',
        '/v1/payment-services/paypal',
        json('PUT', {
          enabled: true,
          merchantEmail: setup.paypalMerchant,
          environment: 'sandbox',
          linkText: 'Pay with PayPal',
        }),
      ),
      'PayPal',
    );
  }
  return { accountId: account.id, layoutId: layoutIds.en, dutchLayoutId: layoutIds.nl };
}
