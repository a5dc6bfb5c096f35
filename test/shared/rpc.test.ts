import { Svcm } from '@nats-io/services';
import { connect } from '@nats-io/transport-node';
import {
  createLogger,
  jsonHandler,
  NotFoundError,
  requestJson,
  startRpcService,
  UnavailableError,
  ValidationError,
} from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { TestNatsServer } from '../harness';

describe('request/reply with the shared error vocabulary', () => {
  it('returns typed results and rebuilds the same error class on the caller side', async () => {
    await using ns = await TestNatsServer.start();
    const nc = await connect({ servers: ns.url });
    const logger = createLogger({ service: 'test', level: 'silent' });
    try {
      const svc = await new Svcm(nc).add({ name: 'echo', version: '0.0.1', queue: 'echo' });
      svc.addEndpoint('echo', {
        subject: 'test.echo',
        handler: jsonHandler(z.object({ name: z.string().min(1) }), logger, async ({ name }) => {
          if (name === 'ghost') {
            throw new NotFoundError('No such thing as ghost.');
          }
          return { hello: name };
        }),
      });
      expect(
        await requestJson(nc, 'test.echo', { name: 'ada' }, z.object({ hello: z.string() })),
      ).toEqual({ hello: 'ada' });
      await expect(
        requestJson(nc, 'test.echo', { name: 'ghost' }, z.unknown()),
      ).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'No such thing as ghost.' });
      const invalid = requestJson(nc, 'test.echo', { name: '' }, z.unknown());
      await expect(invalid).rejects.toBeInstanceOf(ValidationError);
      await expect(invalid).rejects.toMatchObject({ errors: [{ path: 'name' }] });
      const none = requestJson(nc, 'test.nobody', {}, z.unknown(), { timeoutMs: 500 });
      await expect(none).rejects.toBeInstanceOf(UnavailableError);
      await expect(none).rejects.toMatchObject({ retry: true });
      await svc.stop();
    } finally {
      await nc.close();
    }
  });
});

describe('a graceful stop of a request/reply API', () => {
  it('answers every request in hand before the connection drains, then takes no more', async () => {
    await using ns = await TestNatsServer.start();
    const server = await connect({ servers: ns.url });
    const client = await connect({ servers: ns.url });
    const logger = createLogger({ service: 'test', level: 'silent' });
    try {
      const api = await startRpcService(
        server,
        { name: 'slow', version: '0.0.1', queue: 'slow', description: 'Answers late.' },
        logger,
      );
      let started!: () => void;
      const inHand = new Promise<void>((resolve) => {
        started = resolve;
      });
      api.add(
        'slow',
        'test.slow',
        jsonHandler(z.object({ n: z.number() }), api.context, async ({ n }) => {
          started();
          // A store read still running when the stop comes.
          await new Promise((r) => setTimeout(r, 300));
          return { n: n + 1 };
        }),
      );
      await api.ready();
      const answer = requestJson(client, 'test.slow', { n: 1 }, z.object({ n: z.number() }), {
        timeoutMs: 3_000,
      });
      await inHand;
      await api.stop();
      await server.drain();
      expect(await answer).toEqual({ n: 2 });
      const after = requestJson(client, 'test.slow', { n: 1 }, z.unknown(), { timeoutMs: 500 });
      await expect(after).rejects.toBeInstanceOf(UnavailableError);
    } finally {
      await client.close();
      if (!server.isClosed()) {
        await server.close();
      }
    }
  });
});
