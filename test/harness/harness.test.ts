import { createServer } from 'node:net';
import { connect } from '@nats-io/transport-node';
import { createTransport } from 'nodemailer';
import { describe, expect, it } from 'vitest';
import { TestNatsServer } from './nats-server';
import { ephemeralStart, freePort } from './ports';
import { closeLeaked, openResources } from './resources';
import { SmtpSink } from './smtp-sink';

describe('harness', () => {
  it('hands out distinct free ports below the range of outgoing connections', async () => {
    const ports = await Promise.all(Array.from({ length: 30 }, () => freePort()));
    expect(new Set(ports).size).toBe(30);
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(20_000);
      expect(port).toBeLessThan(ephemeralStart());
    }
    // Free indeed: a server binds the first one.
    const srv = createServer();
    await new Promise<void>((r) => srv.listen(ports[0], '127.0.0.1', r));
    await new Promise((r) => srv.close(r));
  });

  it('stops a server a test forgot, so the tests after it start clean', async () => {
    const ns = await TestNatsServer.start();
    expect(openResources()).toEqual([`nats-server :${ns.port}`]);
    // What the leak check runs after every test:
    expect(await closeLeaked()).toEqual([`nats-server :${ns.port}`]);
    expect(openResources()).toEqual([]);
    await ns.dispose(); // returns once the killed process has exited
    await expect(connect({ servers: ns.url, maxReconnectAttempts: 0 })).rejects.toThrow();
  });

  it('starts, restarts and disposes a private nats-server with JetStream state surviving', async () => {
    const ns = await TestNatsServer.start();
    try {
      const nc = await connect({ servers: ns.url });
      const { Kvm } = await import('@nats-io/kv');
      const kv = await new Kvm(nc).create('harness_check');
      await kv.put('k', 'v1');
      await nc.close();
      await ns.restart({ kill: true });
      const nc2 = await connect({ servers: ns.url });
      const kv2 = await new Kvm(nc2).open('harness_check');
      expect((await kv2.get('k'))?.string()).toBe('v1');
      await nc2.close();
    } finally {
      await ns.dispose();
    }
  });

  it('SMTP sink enforces auth, replays scripted replies and parses what it accepts', async () => {
    const sink = await SmtpSink.start({ tls: 'starttls', users: { alice: 'secret' } });
    const transport = createTransport({
      host: '127.0.0.1',
      port: sink.port,
      secure: false,
      requireTLS: true,
      tls: { rejectUnauthorized: false },
      auth: { user: 'alice', pass: 'secret' },
    });
    try {
      sink.script('flaky@example.com', { code: 451, message: '4.3.0 try again' });
      await expect(
        transport.sendMail({
          from: 'a@example.com',
          to: 'flaky@example.com',
          subject: 'x',
          text: 'y',
        }),
      ).rejects.toMatchObject({ responseCode: 451 });
      await transport.sendMail({
        from: 'a@example.com',
        to: 'flaky@example.com',
        subject: 'Hello',
        text: 'body',
      });
      await sink.waitFor(1);
      expect(sink.messages[0]?.parsed.subject).toBe('Hello');
      expect(sink.messages[0]?.user).toBe('alice');
      const bad = createTransport({
        host: '127.0.0.1',
        port: sink.port,
        secure: false,
        tls: { rejectUnauthorized: false },
        auth: { user: 'alice', pass: 'wrong' },
      });
      await expect(
        bad.sendMail({ from: 'a@example.com', to: 'b@example.com', subject: 'x', text: 'y' }),
      ).rejects.toMatchObject({ responseCode: 535 });
      bad.close();
    } finally {
      transport.close();
      await sink.stop();
    }
  });
});
