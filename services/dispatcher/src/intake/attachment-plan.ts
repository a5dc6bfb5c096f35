/**
 * What a posted document's email attaches, from the customer's sending
 * profile (Business Central's "E-Mail Attachment"): the printed PDF, the Word
 * file, the ERP's electronic document, or the PDF and the e-document.
 * @module
 */
import type { SendingProfile } from '@verzend/shared';

/** The Word document's media type. */
export const DOCX_CONTENT_TYPE =
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The printed document's media type. */
export const PDF_CONTENT_TYPE = 'application/pdf';

/** How the report is attached, from the sending profile's attachment format. */
export interface AttachmentPlan {
  /** The report as PDF, as the Word file, or not at all (e-document only). */
  report: 'pdf' | 'docx' | null;
  eDocument: boolean;
}

/** No profile (the built-in default) attaches the PDF, as Business Central does. */
export function attachmentPlan(
  format: SendingProfile['attachmentFormat'] | undefined,
): AttachmentPlan {
  switch (format) {
    case 'docx':
      return { report: 'docx', eDocument: false };
    case 'electronic-document':
      return { report: null, eDocument: true };
    case 'pdf-and-electronic-document':
      return { report: 'pdf', eDocument: true };
    default:
      return { report: 'pdf', eDocument: false };
  }
}
