/**
 * The words of a posted-document email in the customer's language: document
 * names, the subject line, the attachment's file name and the plain body used
 * when no body layout is selected. Business Central identifies languages by
 * three-letter Windows codes (ENU, NLD, DEU…); ERPs also send BCP 47 tags, so
 * both are accepted.
 * @module
 */
import { bcLanguageToTag, type DocumentType } from '@verzend/shared';

/** Languages with translations. Others fall back to English. */
export type Language = 'en' | 'nl' | 'de' | 'fr';

/** A language and the locale to format numbers and dates with. */
export interface LanguageChoice {
  language: Language;
  locale: string;
}

const defaultLocale: Record<Language, string> = {
  en: 'en-US',
  nl: 'nl-NL',
  de: 'de-DE',
  fr: 'fr-FR',
};

const bcp47 = /^([a-z]{2,3})(?:[-_]([A-Za-z]{2}|\d{3}))?$/i;

/** Picks the language from the first code that is set (customer's, then the document's). */
export function chooseLanguage(...codes: (string | undefined)[]): LanguageChoice {
  for (const raw of codes) {
    const code = raw?.trim();
    if (!code) {
      continue;
    }
    const tag = bcLanguageToTag(code);
    const match = bcp47.exec(tag);
    if (!match) {
      continue;
    }
    const primary = (match[1] ?? '').toLowerCase();
    if (primary === 'en' || primary === 'nl' || primary === 'de' || primary === 'fr') {
      const region = match[2];
      return {
        language: primary,
        locale: region ? `${primary}-${region.toUpperCase()}` : defaultLocale[primary],
      };
    }
  }
  return { language: 'en', locale: 'en-US' };
}

const documentNames: Record<Language, Record<DocumentType, string>> = {
  en: {
    'sales-quote': 'Quote',
    'sales-order': 'Order Confirmation',
    'sales-invoice': 'Invoice',
    'sales-credit-memo': 'Credit Memo',
    reminder: 'Reminder',
    'finance-charge': 'Finance Charge Memo',
    'customer-statement': 'Statement',
    'purchase-quote': 'Request for Quote',
    'purchase-order': 'Purchase Order',
    'vendor-remittance': 'Remittance Advice',
    'service-invoice': 'Service Invoice',
  },
  nl: {
    'sales-quote': 'Offerte',
    'sales-order': 'Orderbevestiging',
    'sales-invoice': 'Factuur',
    'sales-credit-memo': 'Creditnota',
    reminder: 'Aanmaning',
    'finance-charge': 'Rentefactuur',
    'customer-statement': 'Rekeningoverzicht',
    'purchase-quote': 'Offerteaanvraag',
    'purchase-order': 'Inkooporder',
    'vendor-remittance': 'Betalingsadvies',
    'service-invoice': 'Servicefactuur',
  },
  de: {
    'sales-quote': 'Angebot',
    'sales-order': 'Auftragsbestätigung',
    'sales-invoice': 'Rechnung',
    'sales-credit-memo': 'Gutschrift',
    reminder: 'Mahnung',
    'finance-charge': 'Zinsrechnung',
    'customer-statement': 'Kontoauszug',
    'purchase-quote': 'Anfrage',
    'purchase-order': 'Bestellung',
    'vendor-remittance': 'Zahlungsavis',
    'service-invoice': 'Servicerechnung',
  },
  fr: {
    'sales-quote': 'Devis',
    'sales-order': 'Confirmation de commande',
    'sales-invoice': 'Facture',
    'sales-credit-memo': 'Avoir',
    reminder: 'Relance',
    'finance-charge': "Facture d'intérêts",
    'customer-statement': 'Relevé de compte',
    'purchase-quote': 'Demande de prix',
    'purchase-order': 'Bon de commande',
    'vendor-remittance': 'Avis de paiement',
    'service-invoice': 'Facture de service',
  },
};

const fromWord: Record<Language, string> = { en: 'from', nl: 'van', de: 'von', fr: 'de' };

/** The document's name in a language, e.g. "Factuur" for a Dutch sales invoice. */
export function documentName(documentType: DocumentType, language: Language): string {
  return documentNames[language][documentType];
}

/** Strips characters a header must not hold and collapses whitespace. */
function headerSafe(value: string): string {
  return value
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

/**
 * The subject, as Business Central words it: "Invoice 103045 from CRONUS".
 * Without a company name it is just "Invoice 103045".
 */
export function buildSubject(
  documentType: DocumentType,
  documentNo: string,
  companyName: string | undefined,
  language: Language,
): string {
  const base = `${documentName(documentType, language)} ${documentNo}`;
  const name = companyName ? headerSafe(companyName) : '';
  return headerSafe(name ? `${base} ${fromWord[language]} ${name}` : base);
}

/**
 * Business Central's full document type text (Report Distribution Management), which names the
 * report's file: "Sales Invoice", "Verkoopfactuur"…
 */
const reportNames: Record<Language, Record<DocumentType, string>> = {
  en: {
    'sales-quote': 'Sales Quote',
    'sales-order': 'Sales Order',
    'sales-invoice': 'Sales Invoice',
    'sales-credit-memo': 'Sales Credit Memo',
    reminder: 'Issued Reminder',
    'finance-charge': 'Issued Finance Charge Memo',
    'customer-statement': 'Customer Statement',
    'purchase-quote': 'Purchase Quote',
    'purchase-order': 'Purchase Order',
    'vendor-remittance': 'Vendor Remittance',
    'service-invoice': 'Service Invoice',
  },
  nl: {
    'sales-quote': 'Verkoopofferte',
    'sales-order': 'Verkooporder',
    'sales-invoice': 'Verkoopfactuur',
    'sales-credit-memo': 'Verkoopcreditnota',
    reminder: 'Uitgegeven aanmaning',
    'finance-charge': 'Uitgegeven rentefactuur',
    'customer-statement': 'Klantoverzicht',
    'purchase-quote': 'Inkoopofferte',
    'purchase-order': 'Inkooporder',
    'vendor-remittance': 'Betalingsadvies leverancier',
    'service-invoice': 'Servicefactuur',
  },
  de: {
    'sales-quote': 'Verkaufsangebot',
    'sales-order': 'Verkaufsauftrag',
    'sales-invoice': 'Verkaufsrechnung',
    'sales-credit-memo': 'Verkaufsgutschrift',
    reminder: 'Registrierte Mahnung',
    'finance-charge': 'Registrierte Zinsrechnung',
    'customer-statement': 'Debitorenkontoauszug',
    'purchase-quote': 'Einkaufsanfrage',
    'purchase-order': 'Einkaufsbestellung',
    'vendor-remittance': 'Kreditorenzahlungsavis',
    'service-invoice': 'Servicerechnung',
  },
  fr: {
    'sales-quote': 'Devis vente',
    'sales-order': 'Commande vente',
    'sales-invoice': 'Facture vente',
    'sales-credit-memo': 'Avoir vente',
    reminder: 'Relance émise',
    'finance-charge': "Facture d'intérêts émise",
    'customer-statement': 'Relevé client',
    'purchase-quote': 'Demande de prix achat',
    'purchase-order': 'Commande achat',
    'vendor-remittance': 'Avis de paiement fournisseur',
    'service-invoice': 'Facture service',
  },
};

/** Characters Windows and mail clients refuse in file names (BC: StripNotsupportChrInFileName). */
const unsafeInFileName = /[\\/:*?"<>|\r\n\t]+/g;

/**
 * The report's file name as Business Central names it: "Sales Invoice 103045.pdf",
 * "Verkoopfactuur 103045.pdf" (the document's full type text and number). Path separators are
 * never kept.
 */
export function attachmentFileName(
  documentType: DocumentType,
  documentNo: string,
  language: Language,
  extension: string,
): string {
  const safeNo = documentNo.replace(unsafeInFileName, '-');
  return `${reportNames[language][documentType]} ${safeNo}.${extension}`;
}

/**
 * The electronic document's file name as Business Central names it (Electronic Document Format):
 * "CRONUS - Sales Invoice 103045.xml"; without a company name, "Sales Invoice 103045.xml".
 */
export function eDocumentFileName(
  documentType: DocumentType,
  documentNo: string,
  language: Language,
  companyName: string | undefined,
): string {
  const report = attachmentFileName(documentType, documentNo, language, 'xml');
  const company = (companyName ?? '').replace(unsafeInFileName, '').replace(/\s+/g, ' ').trim();
  return (company ? `${company} - ${report}` : report).slice(0, 250);
}

const bodies: Record<Language, (name: string, doc: string) => [string, string, string]> = {
  en: (name, doc) => [`Dear ${name},`, `Please find attached ${doc}.`, 'Kind regards,'],
  nl: (name, doc) => [`Beste ${name},`, `In de bijlage vindt u ${doc}.`, 'Met vriendelijke groet,'],
  de: (name, doc) => [
    `Sehr geehrte Damen und Herren (${name}),`,
    `anbei erhalten Sie ${doc}.`,
    'Mit freundlichen Grüßen',
  ],
  fr: (name, doc) => [`Bonjour ${name},`, `Veuillez trouver ci-joint ${doc}.`, 'Cordialement,'],
};

function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/**
 * The body used when the report selection has no body layout (Business
 * Central's plain "please find attached" email), as HTML and text.
 */
export function defaultBody(input: {
  documentType: DocumentType;
  documentNo: string;
  customerName: string;
  companyName: string | undefined;
  language: Language;
}): { html: string; text: string } {
  const doc = `${documentName(input.documentType, input.language)} ${input.documentNo}`;
  const [greeting, line, closing] = bodies[input.language](input.customerName, doc);
  const signature = input.companyName ?? '';
  const text = [greeting, '', line, '', closing, signature].join('\n').trimEnd();
  const html = [
    escapeHtml(greeting),
    escapeHtml(line),
    `${escapeHtml(closing)}<br>${escapeHtml(signature)}`,
  ]
    .map((p) => `<p>${p}</p>`)
    .join('\n');
  return { html, text };
}
