/**
 * From / Sender of an SMTP message, as Business Central decides it: sender type
 * Specific User (the account's address) or Current User (the sending user's
 * contact email), and sender substitution Send As (From = the user) or Send on
 * Behalf (From = the user, Sender = the account).
 * @module
 */
import { DeliveryError, type Mailbox } from '@verzend/shared';
import type { SendingUser } from '../contract';
import type { SenderHeaders } from '../mime';
import type { SmtpSettings } from './definition';

function userMailbox(user: SendingUser, why: string): Mailbox {
  if (!user.email) {
    throw new DeliveryError(
      'MESSAGE_REJECTED',
      `The account ${why}, but user ${user.id} has no contact email. Set one on the user.`,
      { retry: false },
    );
  }
  return { address: user.email, ...(user.name ? { name: user.name } : {}) };
}

/** Decides From and Sender for an SMTP account. */
export function smtpSender(
  settings: SmtpSettings,
  account: { emailAddress: string; name: string },
  user: SendingUser,
): SenderHeaders {
  const accountBox: Mailbox =
    settings.senderType === 'current-user'
      ? userMailbox(user, 'sends as the current user')
      : {
          address: settings.senderAddress ?? account.emailAddress,
          name: settings.senderName ?? account.name,
        };
  switch (settings.senderSubstitution) {
    case 'send-as':
      return { from: userMailbox(user, 'sends as the user (Send As)') };
    case 'send-on-behalf':
      return {
        from: userMailbox(user, 'sends on behalf of the user'),
        sender: accountBox,
      };
    default:
      return { from: accountBox };
  }
}
