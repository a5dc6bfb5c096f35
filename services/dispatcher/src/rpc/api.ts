/**
 * The dispatcher's NATS API (services framework, one queue group so replicas
 * share the load): `test-account` (asked by config for "test account" / "send
 * test email") and `enqueue` (the outbox port over NATS, for tools and tests).
 * @module
 */
import type { NatsConnection } from '@nats-io/nats-core';
import {
  CompanyId,
  ComposeEmail,
  Id,
  jsonHandler,
  LicenceTypes,
  type Logger,
  Rpc,
  type RpcService,
  Services,
  startRpcService,
  TestAccountRequest,
  Tracing,
} from '@verzend/shared';
import { z } from 'zod';
import type { AccountTester } from '../accounts/test-account';
import type { OutboxPort } from '../outbox/port';

/** The `enqueue` request: the outbox port's request as JSON. */
export const EnqueueEmailRequest = z.object({
  company: CompanyId,
  owner: z.object({
    userId: z.string().min(1).max(128),
    email: z.email().optional(),
    name: z.string().max(250).optional(),
    licence: z.enum(LicenceTypes).default('full'),
  }),
  email: ComposeEmail,
  sourceEventId: Id.optional(),
  /** When the source event was first received; keeps the derived email id in time order. */
  sourceReceivedAt: z.iso.datetime({ offset: true }).optional(),
  /** The event's first processing (the outbox need not look for an email already accepted). */
  sourceFirstTry: z.boolean().optional(),
});

/** Starts the NATS service; stop it before draining the connection. */
export async function startDispatcherApi(
  nc: NatsConnection,
  deps: { outbox: OutboxPort; tester: AccountTester; logger: Logger; tracing?: Tracing },
): Promise<RpcService> {
  const service = await startRpcService(
    nc,
    {
      ...Services.dispatcher,
      description: 'Account tests and outbox intake for other services and tools.',
    },
    deps.logger,
    deps.tracing ?? Tracing.off,
  );
  const rpc = service.context;
  service.add(
    'test-account',
    Rpc.dispatcherTestAccount,
    jsonHandler(TestAccountRequest, rpc, (r) => deps.tester.test(r)),
  );
  service.add(
    'enqueue',
    Rpc.dispatcherEnqueue,
    jsonHandler(EnqueueEmailRequest, rpc, (r, _msg, requestId) =>
      deps.outbox.enqueue({
        requestId,
        company: r.company,
        owner: {
          userId: r.owner.userId,
          email: r.owner.email,
          name: r.owner.name,
          licence: r.owner.licence,
        },
        email: r.email,
        ...(r.sourceEventId ? { sourceEventId: r.sourceEventId } : {}),
        ...(r.sourceReceivedAt ? { sourceReceivedAt: r.sourceReceivedAt } : {}),
        ...(r.sourceFirstTry ? { sourceFirstTry: true } : {}),
      }),
    ),
  );
  // Once the server has seen the subscriptions, callers on other connections find responders.
  await service.ready();
  return service;
}
