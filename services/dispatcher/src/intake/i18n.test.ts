import { describe, expect, it } from 'vitest';
import {
  attachmentFileName,
  buildSubject,
  chooseLanguage,
  defaultBody,
  eDocumentFileName,
} from './i18n';

describe('chooseLanguage', () => {
  it('accepts Business Central language codes and BCP 47 tags', () => {
    expect(chooseLanguage('NLD')).toEqual({ language: 'nl', locale: 'nl-NL' });
    expect(chooseLanguage('nlb')).toEqual({ language: 'nl', locale: 'nl-BE' });
    expect(chooseLanguage('de-AT')).toEqual({ language: 'de', locale: 'de-AT' });
    expect(chooseLanguage('fr')).toEqual({ language: 'fr', locale: 'fr-FR' });
  });

  it("takes the customer's language before the document's, skipping unknown ones", () => {
    expect(chooseLanguage(undefined, 'nl-NL')).toEqual({ language: 'nl', locale: 'nl-NL' });
    expect(chooseLanguage('ja-JP', 'DEU')).toEqual({ language: 'de', locale: 'de-DE' });
    expect(chooseLanguage('', '  ')).toEqual({ language: 'en', locale: 'en-US' });
  });
});

describe('buildSubject', () => {
  it('words the subject as Business Central does, per language', () => {
    expect(buildSubject('sales-invoice', '103045', 'CRONUS', 'en')).toBe(
      'Invoice 103045 from CRONUS',
    );
    expect(buildSubject('sales-invoice', '103045', 'CRONUS', 'nl')).toBe(
      'Factuur 103045 van CRONUS',
    );
    expect(buildSubject('sales-credit-memo', 'CM-7', undefined, 'de')).toBe('Gutschrift CM-7');
  });

  it('never lets a line break from the data into the header', () => {
    expect(buildSubject('reminder', 'R1', 'Evil\r\nBcc: x@y.example', 'en')).toBe(
      'Reminder R1 from Evil Bcc: x@y.example',
    );
  });
});

describe('attachmentFileName', () => {
  it('names the file after the document and drops path characters', () => {
    expect(attachmentFileName('sales-invoice', '103045', 'en', 'pdf')).toBe(
      'Sales Invoice 103045.pdf',
    );
    expect(attachmentFileName('sales-invoice', '103045', 'nl', 'pdf')).toBe(
      'Verkoopfactuur 103045.pdf',
    );
    expect(attachmentFileName('sales-credit-memo', '1', 'de', 'docx')).toBe(
      'Verkaufsgutschrift 1.docx',
    );
    expect(attachmentFileName('sales-invoice', '../x/y', 'en', 'docx')).toBe(
      'Sales Invoice ..-x-y.docx',
    );
  });

  it('names the electronic document as Business Central does, with the company first', () => {
    expect(eDocumentFileName('sales-invoice', '103045', 'en', 'CRONUS International Ltd.')).toBe(
      'CRONUS International Ltd. - Sales Invoice 103045.xml',
    );
    expect(eDocumentFileName('sales-invoice', '103045', 'nl', 'A/B: "C"')).toBe(
      'AB C - Verkoopfactuur 103045.xml',
    );
    expect(eDocumentFileName('sales-invoice', '103045', 'en', undefined)).toBe(
      'Sales Invoice 103045.xml',
    );
  });
});

describe('defaultBody', () => {
  it('escapes data in the HTML and keeps a text part', () => {
    const body = defaultBody({
      documentType: 'sales-invoice',
      documentNo: '1',
      customerName: '<b>Fabrikam</b>',
      companyName: 'CRONUS',
      language: 'en',
    });
    expect(body.html).toContain('Dear &lt;b&gt;Fabrikam&lt;/b&gt;,');
    expect(body.html).not.toContain('<b>');
    expect(body.text).toBe(
      'Dear <b>Fabrikam</b>,\n\nPlease find attached Invoice 1.\n\nKind regards,\nCRONUS',
    );
  });
});
