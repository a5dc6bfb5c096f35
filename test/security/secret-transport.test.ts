/**
 * The whole stack under the SHIPPED NATS permissions (each service with its own
 * credential and reply prefix), with a test-only privileged user subscribed to
 * every subject: account connectivity tests and real sends with SMTP basic auth
 * and a Graph client secret, and a delegated token stored and read back, must
 * work, put no secret in plain text on any subject, and make the server refuse
 * nothing (every right a flow needs is granted).
 */
import { randomBytes } from 'node:crypto';
import type { Msg, NatsConnection } from '@nats-io/nats-core';
import { NatsUserTokenStore, SecretOpener } from '@verzend/dispatcher';
import { type EmailRecord, KeyRing } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { createAccount } from '../config/helpers';
import { compose, createSmtpAccount, waitForStatus } from '../dispatcher/helpers';
import { SHARED, TENANT } from '../graph/fixture';
import { GraphDouble } from '../graph-double';
import { OBSERVER, SmtpSink, startShippedNats, startStack } from '../harness';

/** Every form a secret could take on the wire: as is, base64, base64url, hex. */
const forms = (secret: string) => {
  const b = Buffer.from(secret, 'utf8');
  return [secret, b.toString('base64'), b.toString('base64url'), b.toString('hex')];
};

/** Records every message on every subject (payload and headers as text). */
function recordAll(nc: NatsConnection): { seen: { subject: string; text: string }[] } {
  const seen: { subject: string; text: string }[] = [];
  nc.subscribe('>', {
    callback: (_err, msg: Msg) => {
      const headers = msg.headers
        ? [...msg.headers.keys()].map((k) => `${k}: ${msg.headers?.values(k).join(',')}`)
        : [];
      seen.push({
        subject: msg.subject,
        text: `${headers.join('\n')}\n${Buffer.from(msg.data).toString('latin1')}`,
      });
    },
  });
  return { seen };
}

describe('secret transport under the shipped NATS permissions', () => {
  it('tests accounts and sends through SMTP and Graph with no secret in clear on any subject', async () => {
    const smtpPassword = `smtp-${randomBytes(9).toString('hex')}`;
    const clientSecret = `graph-${randomBytes(9).toString('hex')}`;
    const refreshToken = `rt-${randomBytes(9).toString('hex')}`;
    const app = { tenantId: TENANT, clientId: 'app-verzend', clientSecret };

    const shipped = await startShippedNats({ observer: true });
    await using sink = await SmtpSink.start({ tls: 'starttls', users: { sales: smtpPassword } });
    const double = await GraphDouble.start();
    double.registerApp(app);
    const observer = await shipped.connect(OBSERVER, { inboxPrefix: '_INBOX_observer' });
    const wire = recordAll(observer);
    await observer.flush();
    const graphEnv = {
      GRAPH_BASE_URL: double.graphBaseUrl,
      OAUTH_AUTHORITY: double.authority,
      RESCAN_INTERVAL_MS: '200',
    };
    const stack = await startStack({
      nats: shipped.nats,
      natsAuth: {
        user: OBSERVER,
        pass: shipped.passwords[OBSERVER] as string,
        inboxPrefix: '_INBOX_observer',
      },
      serviceEnv: {
        config: shipped.serviceEnv.config,
        renderer: shipped.serviceEnv.renderer,
        dispatcher: { ...shipped.serviceEnv.dispatcher, ...graphEnv },
      },
    });
    const dispatcherNc = await shipped.connect('dispatcher');
    /** Composes a short email through an account and waits until it is sent or failed. */
    const sendThrough = async (accountId: unknown): Promise<EmailRecord> => {
      const queued = await compose(stack, {
        to: ['ap@fabrikam.example'],
        subject: 'Statement',
        html: '<p>Statement</p>',
        accountId,
      });
      expect(queued.status).toBe(202);
      const { id } = (await queued.json()) as EmailRecord;
      return waitForStatus(stack, id, ['sent', 'failed']);
    };
    try {
      // SMTP with basic auth: connectivity test, test email, and a real send.
      const smtp = await createSmtpAccount(stack, sink.port, {
        settings: { tls: 'starttls', auth: 'basic', userName: 'sales', verifyCertificate: false },
        secrets: { password: smtpPassword },
      });
      const tested = await stack.fetch('config', `/v1/accounts/${smtp.id}/test`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sendTestTo: 'it@cronus.example' }),
      });
      expect(await tested.json()).toMatchObject({ ok: true });
      const sent = await sendThrough(smtp.id);
      expect(sent.status, sent.lastError ?? '').toBe('sent');
      expect(sink.messages.map((m) => m.user)).toEqual(['sales', 'sales']);

      // Microsoft 365 app-only with a client secret: connectivity test and a real send.
      const graph = await createAccount(stack, {
        name: 'Shared',
        emailAddress: SHARED,
        rateLimitPerMinute: 0,
        settings: {
          connector: 'microsoft365',
          tenantId: TENANT,
          clientId: app.clientId,
          sharedMailbox: SHARED,
          mode: 'app-only',
        },
        secrets: { clientSecret },
      });
      const graphTest = await stack.fetch('config', `/v1/accounts/${graph.id}/test`, {
        method: 'POST',
      });
      expect(await graphTest.json()).toMatchObject({ ok: true });
      const graphSent = await sendThrough(graph.id);
      expect(graphSent.status, graphSent.lastError ?? '').toBe('sent');
      expect(double.sent).toHaveLength(1);

      // A delegated token set goes to config sealed and comes back opened, as the dispatcher does it.
      const tokens = new NatsUserTokenStore(
        dispatcherNc,
        new SecretOpener(KeyRing.parse(stack.env.SECRETS_KEYS as string)),
      );
      const key = { company: stack.company, accountId: graph.id as string, userId: 'anna' };
      await tokens.put(key, { refreshToken, scope: 'Mail.Send' });
      expect(await tokens.get(key)).toEqual({ refreshToken, scope: 'Mail.Send' });

      await observer.flush();
      // The recorder did see the secret look-ups and their sealed answers ...
      const lookups = wire.seen.filter((m) => m.subject.startsWith('verzend.rpc.config.secret.'));
      expect(lookups.length).toBeGreaterThan(0);
      const replies = wire.seen.filter((m) => m.subject.startsWith('_INBOX_dispatcher.'));
      expect(replies.some((m) => m.text.includes('"alg":"A256GCM"'))).toBe(true);
      // ... and not one secret in any form, on any subject.
      for (const secret of [smtpPassword, clientSecret, refreshToken]) {
        for (const form of forms(secret)) {
          const leaks = wire.seen.filter((m) => m.text.includes(form) || m.subject.includes(form));
          expect(
            leaks.map((m) => m.subject),
            `${secret} as ${form}`,
          ).toEqual([]);
        }
      }
      // Nobody replies on the shared default prefix, and the server refused nothing.
      expect(wire.seen.filter((m) => m.subject.startsWith('_INBOX.'))).toEqual([]);
      expect(shipped.nats.violations).toEqual([]);
    } finally {
      await dispatcherNc.close();
      await stack.stop();
      await observer.close();
      await double.stop();
      await shipped.dispose();
    }
  });
});
