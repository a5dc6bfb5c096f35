/**
 * One trace per document: with every service's spans going to one in-memory
 * exporter, a posted invoice is one trace from the intake through config
 * look-ups and the renderer to the SMTP send; an ERP's `traceparent` and
 * `x-request-id` are continued across the three services and into the logs.
 */
import { PassThrough } from 'node:stream';
import { jetstream } from '@nats-io/jetstream';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { createLogger, eventMessageId, Subjects } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { setUpInvoicing } from '../../scripts/demo/company';
import { postedInvoice } from '../../scripts/demo/invoices';
import { SmtpSink, startStack } from '../harness';

const serviceOf = (span: ReadableSpan) => String(span.resource.attributes['service.name']);

/**
 * A stack tracing into memory (unless `tracing` is false), logging JSON lines at info into
 * `lines`, set up to email invoices.
 */
async function traced({ tracing = true }: { tracing?: boolean } = {}) {
  const exporter = new InMemorySpanExporter();
  const out = new PassThrough();
  const lines: Record<string, unknown>[] = [];
  let partial = '';
  out.on('data', (b: Buffer) => {
    const parts = (partial + b.toString()).split('\n');
    partial = parts.pop() ?? '';
    for (const l of parts.filter(Boolean)) {
      lines.push(JSON.parse(l));
    }
  });
  const sink = await SmtpSink.start();
  const stack = await startStack({
    ...(tracing ? { spanExporter: exporter } : {}),
    logger: createLogger({ service: 'test', level: 'info', destination: out }),
    serviceEnv: { dispatcher: { CONFIG_CACHE_TTL_MS: '0' } },
  });
  try {
    await setUpInvoicing((service, path, init) => stack.fetch(service, path, init), {
      companyName: 'CRONUS International Ltd.',
      account: sink.account('CRONUS Sales', 'sales@cronus.example.com'),
      paypalMerchant: 'payments@cronus.example.com',
      attachmentFormat: 'docx',
    });
  } catch (err) {
    await stack.stop();
    await sink.stop();
    throw err;
  }
  /** Waits until a span named `name` of trace `traceId` (any trace when absent) has ended. */
  const spanNamed = async (name: string, traceId?: string): Promise<ReadableSpan> => {
    const until = Date.now() + 20_000;
    while (Date.now() < until) {
      const found = exporter
        .getFinishedSpans()
        .find((s) => s.name === name && (!traceId || s.spanContext().traceId === traceId));
      if (found) {
        return found;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no span ${name} ended`);
  };
  return {
    stack,
    sink,
    exporter,
    lines,
    spanNamed,
    async [Symbol.asyncDispose]() {
      await stack.stop();
      await sink.stop();
    },
  };
}

describe('one trace per document', () => {
  it('traces a posted invoice from the intake through config, the renderer and the SMTP send', async () => {
    await using t = await traced();
    t.exporter.reset();
    const event = postedInvoice({
      company: t.stack.company,
      eventId: 'SI-T1',
      documentNo: 'T1',
    });
    await jetstream(t.stack.nc).publish(
      Subjects.event(event.company, event.documentType),
      JSON.stringify(event),
      { msgID: eventMessageId(event.company, event.eventId) },
    );
    const intake = await t.spanNamed('intake event');
    const traceId = intake.spanContext().traceId;
    const send = await t.spanNamed('smtp send', traceId);
    // The delivery span ends after its send (the outcome is recorded first): wait for it as well.
    await t.spanNamed('outbox deliver', traceId);
    const spans = t.exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
    expect(new Set(spans.map(serviceOf))).toEqual(
      new Set(['verzend-dispatcher', 'verzend-renderer', 'verzend-config']),
    );
    const names = spans.map((s) => s.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'intake event',
        'outbox deliver',
        'throttle',
        'smtp send',
        expect.stringMatching(/render/),
        expect.stringMatching(/config/),
      ]),
    );
    expect(
      spans.find((s) => /render/.test(s.name) && serviceOf(s) === 'verzend-renderer'),
    ).toBeDefined();
    expect(send.attributes['verzend.connector']).toBe('smtp');
    // The intake is the root: the event carried no trace context.
    expect(intake.parentSpanContext).toBeUndefined();
    // Nothing of this document went to another trace.
    const documentSpans = t.exporter
      .getFinishedSpans()
      .filter((s) => ['intake event', 'outbox deliver', 'smtp send'].includes(s.name));
    expect(new Set(documentSpans.map((s) => s.spanContext().traceId))).toEqual(new Set([traceId]));
  });

  it("continues an ERP's traceparent and request id over HTTP and NATS and into the logs", async () => {
    await using t = await traced();
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const requestId = 'erp-posting-run-42';
    const event = postedInvoice({ company: t.stack.company, eventId: 'SI-T2', documentNo: 'T2' });
    const res = await t.stack.fetch('dispatcher', '/v1/events', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
        'x-request-id': requestId,
      },
      body: JSON.stringify(event),
      claims: { perms: ['email-admin', 'email-integration'] },
    });
    expect(res.status).toBe(202);
    expect(res.headers.get('x-request-id')).toBe(requestId);
    const send = await t.spanNamed('smtp send', traceId);
    expect(send.spanContext().traceId).toBe(traceId);
    const http = await t.spanNamed('POST /v1/events', traceId);
    expect(http.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    const intake = await t.spanNamed('intake event', traceId);
    expect(intake.parentSpanContext?.spanId).toBeDefined();

    const tagged = t.lines.filter((l) => l.request_id === requestId);
    // The access log of the POST, and the intake's record of the event (logged in the consumer).
    expect(tagged).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          msg: 'request',
          route: '/v1/events',
          status: 202,
          trace_id: traceId,
        }),
        expect.objectContaining({ msg: 'event-processed', trace_id: traceId }),
      ]),
    );
  });

  it('hands the request id on with tracing off: the intake and the sender log under it', async () => {
    await using t = await traced({ tracing: false });
    const requestId = 'erp-posting-run-43';
    const event = postedInvoice({ company: t.stack.company, eventId: 'SI-T3', documentNo: 'T3' });
    const res = await t.stack.fetch('dispatcher', '/v1/events', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': requestId },
      body: JSON.stringify(event),
      claims: { perms: ['email-admin', 'email-integration'] },
    });
    expect(res.status).toBe(202);
    expect(res.headers.get('x-request-id')).toBe(requestId);
    const until = Date.now() + 20_000;
    const tagged = () => t.lines.filter((l) => l.request_id === requestId).map((l) => l.msg);
    while (!tagged().includes('email-sent') && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 50));
    }
    // The access line, the intake's telemetry of the event (through the stream), and the
    // sender's of its email (through the outbox pointer); no trace ids without tracing.
    expect(tagged()).toEqual(expect.arrayContaining(['request', 'event-processed', 'email-sent']));
    expect(t.lines.some((l) => 'trace_id' in l)).toBe(false);
    expect(t.exporter.getFinishedSpans()).toHaveLength(0);
  });
});
