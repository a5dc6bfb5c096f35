/**
 * What an administrator sets up besides accounts: scenarios, default
 * attachments, view policies, report selections, layouts, sending profiles,
 * payment services.
 * @module
 */
import { z } from 'zod';
import { BlobRef, HeaderText, Id } from './common';

/** Business Central's standard scenarios (enum 8890 + BaseApp extensions). Custom ones are `custom-<name>`. */
export const STANDARD_SCENARIOS = [
  'default',
  'invite-external-accountant',
  'notification',
  'job-planning-line-calendar',
  'interaction-template',
  'sales-quote',
  'sales-order',
  'sales-invoice',
  'sales-credit-memo',
  'purchase-quote',
  'purchase-order',
  'reminder',
  'finance-charge',
  'posted-vendor-remittance',
  'customer-statement',
  'vendor-remittance',
  'service-quote',
  'service-order',
  'service-invoice',
  'service-credit-memo',
] as const;
export type StandardScenario = (typeof STANDARD_SCENARIOS)[number];

/** A scenario code: a standard one or `custom-…`. */
export const ScenarioCode = z
  .string()
  .regex(/^[a-z0-9-]{1,64}$/, 'lower-case letters, digits and "-"')
  .refine((s) => (STANDARD_SCENARIOS as readonly string[]).includes(s) || s.startsWith('custom-'), {
    message: 'is not a standard scenario; custom scenarios start with "custom-"',
  })
  .meta({ example: 'sales-invoice' });

export const Scenario = z
  .object({
    code: ScenarioCode,
    name: z.string(),
    standard: z.boolean(),
    /** Assigned account, or null (falls back to the default account). */
    accountId: Id.nullable(),
  })
  .meta({ id: 'Scenario' });
export type Scenario = z.infer<typeof Scenario>;

/** A default attachment of a scenario. */
export const DefaultAttachment = z
  .object({
    id: Id,
    scenario: ScenarioCode,
    fileName: HeaderText(250),
    contentType: z.string().max(255),
    blob: BlobRef,
    /** true: added automatically to every email of the scenario; false: offered for manual adding. */
    autoAdd: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'DefaultAttachment' });
export type DefaultAttachment = z.infer<typeof DefaultAttachment>;

/** View policies (BC enum 8930). */
export const ViewPolicyKind = z.enum(['own', 'all', 'all-related-records', 'any-related-record']);
export type ViewPolicyKind = z.infer<typeof ViewPolicyKind>;

/** A view policy row: for one user, or for all users when `userId` is empty. */
export const ViewPolicy = z
  .object({
    userId: z.string().max(128),
    policy: ViewPolicyKind,
  })
  .meta({ id: 'ViewPolicy', example: { userId: '', policy: 'all-related-records' } });
export type ViewPolicy = z.infer<typeof ViewPolicy>;

/** Report selection usages (BC "Report Selection Usage"). */
export const ReportUsage = z.enum([
  'sales-quote',
  'sales-order-confirmation',
  'sales-invoice',
  'sales-credit-memo',
  'reminder',
  'finance-charge',
  'customer-statement',
  'purchase-quote',
  'purchase-order',
  'vendor-remittance',
  'service-invoice',
]);
export type ReportUsage = z.infer<typeof ReportUsage>;

/** One report selection entry. */
export const ReportSelectionEntry = z.object({
  sequence: z.number().int().min(1).max(999),
  reportId: z.number().int().min(1).meta({ example: 1306 }),
  useForEmailBody: z.boolean().default(false),
  bodyLayoutId: Id.optional(),
  /** The body layout's page header and footer go above and below the email body (default true). */
  bodyHeaderFooter: z.boolean().optional(),
  useForEmailAttachment: z.boolean().default(true),
  attachmentLayoutId: Id.optional(),
  /** Print the attachment as PDF/A-2b (archival) instead of plain PDF. */
  pdfA: z.boolean().default(false),
});
export type ReportSelectionEntry = z.infer<typeof ReportSelectionEntry>;

/** Report selection for a usage (company-wide, or per customer when `customerNo` is set). */
export const ReportSelection = z
  .object({
    usage: ReportUsage,
    customerNo: z.string().max(20).nullable(),
    entries: z.array(ReportSelectionEntry).min(1).max(20),
  })
  .meta({ id: 'ReportSelection' });
export type ReportSelection = z.infer<typeof ReportSelection>;

/** A Word layout stored in the object store. */
export const Layout = z
  .object({
    id: Id,
    name: HeaderText(250),
    description: z.string().max(1000).default(''),
    reportId: z.number().int().min(1).nullable(),
    builtIn: z.boolean(),
    blob: BlobRef,
    fileName: z.string().max(250),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Layout' });
export type Layout = z.infer<typeof Layout>;

/** Document sending profile (BC table "Document Sending Profile", email part). */
export const SendingProfile = z
  .object({
    code: z.string().regex(/^[A-Z0-9_-]{1,20}$/, 'upper-case letters, digits, "_" or "-" (≤ 20)'),
    description: z.string().max(100).default(''),
    email: z.enum(['no', 'yes-prompt', 'yes-use-default']),
    /**
     * What is attached (BC's "E-Mail Attachment"): the printed PDF (default), the Word file, the
     * ERP's electronic document (e.g. PEPPOL BIS 3 UBL), or the PDF and the electronic document.
     */
    attachmentFormat: z
      .enum(['pdf', 'electronic-document', 'pdf-and-electronic-document', 'docx'])
      .default('pdf'),
    isDefault: z.boolean().default(false),
  })
  .meta({
    id: 'SendingProfile',
    example: {
      code: 'EMAIL',
      description: 'Email, default settings',
      email: 'yes-use-default',
      attachmentFormat: 'pdf',
      isDefault: true,
    },
  });
export type SendingProfile = z.infer<typeof SendingProfile>;

/** PayPal Payments Standard settings. */
export const PayPalSettings = z
  .object({
    enabled: z.boolean(),
    merchantEmail: z.email(),
    environment: z.enum(['sandbox', 'live']).default('sandbox'),
    linkText: HeaderText(100).default('Pay with PayPal'),
  })
  .meta({ id: 'PayPalSettings' });
export type PayPalSettings = z.infer<typeof PayPalSettings>;

/** Payment services of a company (PayPal only, for now). */
export const PaymentSettings = z.object({ paypal: PayPalSettings.nullable() });
export type PaymentSettings = z.infer<typeof PaymentSettings>;

/** A company's record. */
export const Company = z.object({
  id: z.string(),
  name: z.string().max(250),
  /** A test company: only the capture connector or allowlisted recipients may receive mail. */
  isTest: z.boolean().default(false),
  createdAt: z.string(),
});
export type Company = z.infer<typeof Company>;
