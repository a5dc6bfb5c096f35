/**
 * Every route group of the dispatcher, in registration order: the running
 * service and the OpenAPI document (built without a server) use this one list.
 * @module
 */
import { type OAuthRouteDeps, registerOAuth } from '../oauth/routes';
import { registerActivity } from './activity';
import { registerBlobs } from './blobs';
import { registerContent } from './content';
import type { EmailRouteDeps, RouteRegistrar } from './deps';
import { registerEmails } from './emails';
import { registerEvents } from './events';
import { registerLists } from './lists';
import { registerThrottle, type ThrottleRouteDeps } from './throttle';
import { registerWebhooks } from './webhooks';

/** What the dispatcher's route groups need, by group. */
export interface DispatcherRouteDeps {
  emails: EmailRouteDeps;
  throttle: ThrottleRouteDeps;
  activity: Parameters<typeof registerActivity>[1];
  events: Parameters<typeof registerEvents>[1];
  oauth: OAuthRouteDeps;
  webhooks: Parameters<typeof registerWebhooks>[1];
}

/** The registrars for `createApp({ routes })`. */
export function dispatcherRoutes(deps: DispatcherRouteDeps): RouteRegistrar[] {
  return [
    (a) => registerEmails(a, deps.emails),
    (a) => registerBlobs(a, { blobs: deps.emails.blobs }),
    (a) => registerLists(a, deps.emails),
    (a) => registerContent(a, deps.emails),
    (a) => registerThrottle(a, deps.throttle),
    (a) => registerActivity(a, deps.activity),
    (a) => registerEvents(a, deps.events),
    (a) => registerOAuth(a, deps.oauth),
    (a) => registerWebhooks(a, deps.webhooks),
  ];
}
