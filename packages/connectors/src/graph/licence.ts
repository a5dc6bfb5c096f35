/**
 * Licence rule of the Graph connectors, as in Business Central: delegated
 * admins and external accountants cannot send through Microsoft 365 or
 * Current User accounts.
 * @module
 */
import { ForbiddenError, type LicenceType } from '@verzend/shared';

const refused: Partial<Record<LicenceType, string>> = {
  'delegated-admin':
    'Delegated administrators cannot send email through Microsoft 365 or Current User accounts. Use an SMTP account, or ask a user with a full licence to send it.',
  'external-accountant':
    'External accountants cannot send email through Microsoft 365 or Current User accounts. Use an SMTP account, or ask a user with a full licence to send it.',
};

/** Throws 403 LICENCE_NOT_ALLOWED (permanent) when the licence may not use the Graph connectors. */
export function assertGraphLicence(licence: LicenceType): void {
  const reason = refused[licence];
  if (reason) {
    throw new ForbiddenError(reason, { code: 'LICENCE_NOT_ALLOWED', retry: false });
  }
}
