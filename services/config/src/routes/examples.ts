/**
 * Example values for the OpenAPI document, so every operation shows a
 * realistic request or response (the shared contracts carry only some).
 * @module
 */

const time = '2026-11-27T09:00:00.000Z';
const blob = {
  sha256: '9f2c4e1a7b3d5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8',
  size: 48213,
};

/** An SMTP account as the API returns it. */
export const exampleAccount = {
  id: '0b6f3c1e-2a5d-4c8e-9f10-3d2e1c0b9a87',
  company: 'cronus',
  name: 'Sales',
  emailAddress: 'sales@cronus.example',
  settings: {
    connector: 'smtp',
    host: 'smtp.office365.com',
    port: 587,
    tls: 'starttls',
    verifyCertificate: true,
    auth: 'basic',
    userName: 'sales@cronus.example',
    senderType: 'specific-user',
    senderSubstitution: 'none',
  },
  isDefault: true,
  needsCredentials: false,
  missingCredentials: [],
  secretsSet: ['password'],
  rateLimitPerMinute: 0,
  concurrencyLimit: 3,
  maxAttempts: 5,
  dailyRecipientQuota: 0,
  version: 3,
  createdAt: time,
  updatedAt: time,
};

/** A scenario assigned to an account. */
export const exampleScenario = {
  code: 'sales-invoice',
  name: 'Sales Invoice',
  standard: true,
  accountId: exampleAccount.id,
};

/** A default attachment. */
export const exampleAttachment = {
  id: '6c1f0e2d-3b4a-4c5d-8e9f-0a1b2c3d4e5f',
  scenario: 'sales-invoice',
  fileName: 'general-terms.pdf',
  contentType: 'application/pdf',
  blob,
  autoAdd: true,
  createdAt: time,
};

/** A custom layout. */
export const exampleLayout = {
  id: 'a7e3d1c2-5b4f-4e6d-9c8b-7a6f5e4d3c2b',
  name: 'Copy of Standard Sales - Invoice (email body)',
  description: 'Our invoice email, with the logo.',
  reportId: 1306,
  builtIn: false,
  blob,
  fileName: 'standard-sales-invoice-email.docx',
  createdAt: time,
  updatedAt: time,
};

/** A report selection. */
export const exampleReportSelection = {
  usage: 'sales-invoice',
  customerNo: null,
  entries: [
    {
      sequence: 1,
      reportId: 1306,
      useForEmailBody: true,
      bodyLayoutId: 'builtin-sales-invoice-email',
      useForEmailAttachment: true,
      attachmentLayoutId: exampleLayout.id,
    },
  ],
};

/** PayPal settings. */
export const examplePayPal = {
  enabled: true,
  merchantEmail: 'payments@cronus.example',
  environment: 'live',
  linkText: 'Pay with PayPal',
};

/** A view policy row. */
export const exampleViewPolicy = { userId: 'alice', policy: 'own' };

/** A sending profile. */
export const exampleSendingProfile = {
  code: 'EMAIL',
  description: 'Email, default settings',
  email: 'yes-use-default',
  attachmentFormat: 'pdf',
  isDefault: true,
};

/** Wraps one example as a list response. */
export const exampleAppRegistration = {
  id: '7d1e2f3a-0000-4000-8000-000000000001',
  company: 'cronus',
  name: 'Verzend email',
  tenantId: 'contoso.onmicrosoft.com',
  clientId: '00000000-0000-0000-0000-000000000001',
  cloud: 'global',
  redirectUri: 'https://verzend.contoso.example/oauth/callback',
  secretsSet: ['clientCertificate'],
  adminConsentUrl:
    'https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0/adminconsent?client_id=00000000-0000-0000-0000-000000000001&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default&redirect_uri=https%3A%2F%2Fverzend.contoso.example%2Foauth%2Fcallback',
  version: 1,
  createdAt: '2026-12-06T09:00:00.000Z',
  updatedAt: '2026-12-06T09:00:00.000Z',
};

export const listOf = (item: unknown) => ({ items: [item] });
