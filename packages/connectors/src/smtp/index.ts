/** SMTP connector (nodemailer): definition, runtime and XOAUTH2 logins. @module */
import type { ConnectorPlugin } from '../contract';
import { type SmtpSettings, smtpDefinition } from './definition';
import { SmtpConnector } from './smtp-connector';

export { SmtpSettings, smtpDefinition } from './definition';
export { SmtpConnector } from './smtp-connector';
export {
  createSmtpTokenProvider,
  exchangeScope,
  type SmtpAccessTokenProvider,
  type SmtpTokenRequest,
  smtpDelegatedScope,
  staticAccessToken,
} from './tokens';

/** The SMTP plug-in. */
export const smtp: ConnectorPlugin<SmtpSettings> = {
  definition: smtpDefinition,
  create: (deps) => new SmtpConnector(deps),
};
