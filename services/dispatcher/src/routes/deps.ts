/**
 * What the dispatcher's HTTP routes need, and the route-registrar type: `app.ts`
 * calls every registrar in turn, so a new route group is one more entry there.
 * @module
 */
import type { ServiceApp } from '@verzend/shared';
import type { EmailRecords } from '../emails/records';
import type { EmailActions } from '../outbox/actions';
import type { IdempotencyStore } from '../outbox/idempotency';
import type { KnownBlobs } from '../outbox/known-blobs';
import type { Outbox } from '../outbox/outbox';

/** The outbox-side dependencies of the email routes. */
export interface EmailRouteDeps {
  outbox: Outbox;
  actions: EmailActions;
  records: EmailRecords;
  blobs: KnownBlobs;
  idempotency: IdempotencyStore;
}

/** Registers one group of routes on the app. */
export type RouteRegistrar = (app: ServiceApp) => void;
