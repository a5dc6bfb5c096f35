import { type EmailRecord, Subjects, type TelemetryMessage } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { SmtpSink, startStack } from '../harness';
import { compose, createSmtpAccount, waitForStatus } from './helpers';

describe('dispatcher - telemetry', () => {
  it('emits sent, failed, queued and SMTP connect events on NATS and counts sends in Prometheus', async () => {
    await using sink = await SmtpSink.start({ users: { sales: 'pw' } });
    await using stack = await startStack({ services: ['config', 'dispatcher'] });
    const events: TelemetryMessage[] = [];
    const subs = (
      [
        'email-queued',
        'email-sent',
        'email-failed',
        'smtp-connect-succeeded',
        'smtp-auth-succeeded',
      ] as const
    ).map((e) =>
      stack.nc.subscribe(Subjects.telemetry(stack.company, e), {
        callback: (_err, msg) => {
          events.push(msg.json<TelemetryMessage>());
        },
      }),
    );
    await stack.nc.flush();
    const account = await createSmtpAccount(stack, sink.port, {
      settings: { auth: 'basic', userName: 'sales' },
      secrets: { password: 'pw' },
    });
    sink.script('gone@fabrikam.example', { code: 550, message: '5.1.1 No such user' });
    const ok = (await (
      await compose(stack, {
        to: ['a@fabrikam.example'],
        subject: 's',
        text: 'x',
        accountId: account.id,
      })
    ).json()) as EmailRecord;
    const bad = (await (
      await compose(stack, {
        to: ['gone@fabrikam.example'],
        subject: 's',
        text: 'x',
        accountId: account.id,
      })
    ).json()) as EmailRecord;
    await waitForStatus(stack, ok.id, ['sent']);
    await waitForStatus(stack, bad.id, ['failed']);
    await stack.nc.flush();
    await new Promise((r) => setTimeout(r, 100));
    for (const s of subs) {
      s.unsubscribe();
    }
    const byName = (name: string) => events.filter((e) => e.event === name);
    expect(byName('email-queued')).toHaveLength(2);
    expect(byName('email-sent')[0]).toMatchObject({
      eventId: 'VZ-0002',
      emailId: ok.id,
      accountId: account.id,
      connector: 'smtp',
      service: 'dispatcher',
    });
    expect(byName('email-failed')[0]).toMatchObject({
      eventId: 'VZ-0003',
      emailId: bad.id,
      errorCode: 'RECIPIENT_REJECTED',
      providerStatus: 550,
    });
    expect(byName('smtp-connect-succeeded').length).toBeGreaterThanOrEqual(1);
    expect(byName('smtp-auth-succeeded')[0]).toMatchObject({
      authType: 'basic',
      server: '127.0.0.1',
    });
    // Never a credential in an event.
    expect(JSON.stringify(events)).not.toContain('pw"');

    const metrics = await (await fetch(`${stack.url('dispatcher')}/metrics`)).text();
    const line = (outcome: string) =>
      metrics
        .split('\n')
        .find(
          (l) =>
            l.startsWith('verzend_dispatch_sends_total{') &&
            l.includes(`account="${account.id}"`) &&
            l.includes(`outcome="${outcome}"`),
        );
    expect(line('sent')).toMatch(/ 1$/);
    expect(line('permanent-error')).toMatch(/ 1$/);
    expect(metrics).toContain('verzend_dispatch_send_duration_seconds_bucket');
    expect(metrics).toContain('verzend_outbox_queue_depth');
    expect(metrics).toMatch(/verzend_telemetry_events_total\{[^}]*event="email-sent"[^}]*\} 1/);
  });
});
