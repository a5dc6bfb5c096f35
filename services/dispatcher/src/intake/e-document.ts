/**
 * The ERP's electronic document (PEPPOL BIS Billing 3.0 UBL, XRechnung…) as
 * an attachment: Verzend never produces one, it checks what the posting
 * event carries — well-formed XML, no DTD, the declared root element — and
 * attaches it with Business Central's file name and an XML media type.
 * @module
 */

import {
  type BlobRefT,
  type DocumentPostedEvent,
  type EDocument,
  type EmailAttachment,
  NotFoundError,
  ValidationError,
} from '@verzend/shared';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { eDocumentFileName, type Language } from './i18n';
import type { IntakeBlobs } from './ports';

/** RFC 7303's media type for XML documents. */
export const EDOCUMENT_CONTENT_TYPE = 'application/xml';

/** Largest electronic document accepted (an invoice with thousands of lines is a few MB). */
export const MAX_EDOCUMENT_BYTES = 25 * 1024 * 1024;

function invalid(event: DocumentPostedEvent, doc: EDocument, problem: string): ValidationError {
  return new ValidationError(
    `The electronic document (${doc.format}) of event ${event.eventId} is not usable: ${problem}`,
    { retry: false, errors: [{ path: 'eDocument', message: problem }] },
  );
}

/** Checks the XML: no DTD (no entity expansion), well-formed, the declared root element and namespace. */
export function checkEDocumentXml(event: DocumentPostedEvent, doc: EDocument, xml: string): void {
  if (/<!DOCTYPE/i.test(xml)) {
    throw invalid(event, doc, 'it declares a DOCTYPE, which electronic documents must not have.');
  }
  let root: Element | null;
  try {
    const parsed = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') {
          throw new Error(message);
        }
      },
    }).parseFromString(xml, 'application/xml');
    root = parsed.documentElement;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw invalid(
      event,
      doc,
      `it is not well-formed XML (${message.split('\n')[0]?.slice(0, 200)}).`,
    );
  }
  if (!root) {
    throw invalid(event, doc, 'it has no root element.');
  }
  if (root.localName !== doc.rootElement) {
    throw invalid(
      event,
      doc,
      `its root element is <${root.localName}>, but the event declares <${doc.rootElement}>.`,
    );
  }
  if (doc.namespace !== undefined && root.namespaceURI !== doc.namespace) {
    throw invalid(
      event,
      doc,
      `its root element is in namespace "${root.namespaceURI ?? ''}", but the event declares "${doc.namespace}".`,
    );
  }
}

/**
 * The event's electronic document as an attachment (stored content-addressed).
 * @throws {ValidationError} (not retryable) when the profile needs one the event lacks, or it is not the XML it claims to be.
 */
export async function eDocumentAttachment(
  event: DocumentPostedEvent,
  profileCode: string,
  language: Language,
  companyName: string | undefined,
  blobs: IntakeBlobs,
): Promise<EmailAttachment> {
  const doc = event.eDocument;
  if (!doc) {
    throw new ValidationError(
      `Document sending profile ${profileCode} attaches the electronic document, but event ${event.eventId} carries none. Publish the ERP's e-document with the event (eDocument: format, rootElement and the XML inline or as an object-store blob), or use a profile that attaches the PDF only.`,
      { retry: false, errors: [{ path: 'eDocument', message: 'required by the sending profile' }] },
    );
  }
  let blob: BlobRefT;
  let xml: string;
  if (doc.blob) {
    if (doc.blob.size > MAX_EDOCUMENT_BYTES) {
      throw invalid(
        event,
        doc,
        `it is ${doc.blob.size} bytes; at most ${MAX_EDOCUMENT_BYTES} are accepted.`,
      );
    }
    blob = doc.blob;
    let bytes: Uint8Array;
    try {
      bytes = await blobs.getBytes(doc.blob.sha256);
    } catch (err) {
      if (err instanceof NotFoundError) {
        throw invalid(
          event,
          doc,
          `no content is stored under blob ${doc.blob.sha256}; store it first.`,
        );
      }
      throw err;
    }
    xml = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    checkEDocumentXml(event, doc, xml);
  } else {
    xml = doc.xml ?? '';
    checkEDocumentXml(event, doc, xml);
    blob = await blobs.putBytes(new TextEncoder().encode(xml));
  }
  return {
    fileName: eDocumentFileName(event.documentType, event.documentNo, language, companyName),
    contentType: EDOCUMENT_CONTENT_TYPE,
    blob,
    inline: false,
  };
}
