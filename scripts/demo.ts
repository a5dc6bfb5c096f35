/**
 * Creates the demo company through the public APIs and posts a handful of
 * invoices, so a newcomer sees real rendered invoice emails within a minute of
 * `scripts/up`. Idempotent: the set-up is found again on every start, and the
 * demo invoices carry fixed event ids, so a restart sends nothing twice.
 * @module
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import {
  BlobStore,
  type EmailRecord,
  type EventRecord,
  eventMessageId,
  type Logger,
  openBlobStore,
  Subjects,
} from '@verzend/shared';
import { type ApiCall, setUpInvoicing } from './demo/company';
import { demoCustomers, postedInvoice } from './demo/invoices';

/** Inputs of {@link seedDemo}. */
export interface DemoOptions {
  token: string;
  urls: Record<string, string>;
  natsUrl: string;
  company: string;
  captureDir: string;
  logger: Logger;
}

/** The demo's posted invoices: three customers (one Dutch), one partly paid. */
function demoInvoices(company: string) {
  return [
    { no: '103001', customer: demoCustomers[0], lines: 10 },
    { no: '103002', customer: demoCustomers[1], lines: 10 },
    { no: '103003', customer: demoCustomers[2], lines: 4 },
    { no: '103004', customer: demoCustomers[0], lines: 7, paid: 100 },
    { no: '103005', customer: demoCustomers[1], lines: 12 },
  ].map((i) =>
    postedInvoice({
      company,
      eventId: `demo-SI-${i.no}`,
      documentNo: i.no,
      customer: i.customer,
      lines: i.lines,
      ...(i.paid ? { paid: i.paid } : {}),
    }),
  );
}

const settledStatuses = new Set(['queued', 'sent', 'draft', 'skipped', 'failed']);

/** Seeds the demo company, posts the demo invoices and returns lines to print. */
export async function seedDemo(opts: DemoOptions): Promise<{ lines: string[] }> {
  try {
    return await runDemo(opts);
  } catch (err) {
    // The services are up either way; say what went wrong instead of taking them down.
    opts.logger.warn({ err }, 'demo set-up failed');
    return {
      lines: [
        '',
        `  The demo company could not be set up: ${err instanceof Error ? err.message : String(err)}`,
        `  Captured emails are written to ${opts.captureDir}`,
      ],
    };
  }
}

async function runDemo(opts: DemoOptions): Promise<{ lines: string[] }> {
  const call: ApiCall = (service, path, init = {}) => {
    const base = opts.urls[service];
    if (!base) {
      throw new Error(`service ${service} is not running`);
    }
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${opts.token}`);
    return fetch(`${base}${path}`, { ...init, headers });
  };
  const dispatcher = opts.urls.dispatcher ?? '';
  await setUpInvoicing(call, {
    companyName: 'CRONUS (demo)',
    isTest: true,
    account: {
      name: 'Demo capture',
      emailAddress: 'sales@cronus.example.com',
      settings: { connector: 'capture', allowlist: [] },
    },
    paypalMerchant: 'payments@cronus.example.com',
  });

  const nc = await connect({ servers: opts.natsUrl.split(',') });
  try {
    const js = jetstream(nc);
    const invoices = demoInvoices(opts.company);
    for (const event of invoices) {
      await js.publish(Subjects.event(event.company, event.documentType), JSON.stringify(event), {
        msgID: eventMessageId(event.company, event.eventId),
      });
    }

    // Wait (bounded) for the events to become emails, then for the emails to be captured.
    const records = new Map<string, EventRecord>();
    const deadline = Date.now() + 45_000;
    while (Date.now() < deadline && records.size < invoices.length) {
      for (const event of invoices) {
        if (records.has(event.eventId)) {
          continue;
        }
        const res = await call('dispatcher', `/v1/events/${event.eventId}`);
        if (res.ok) {
          const record = (await res.json()) as EventRecord;
          if (settledStatuses.has(record.status)) {
            records.set(event.eventId, record);
          }
        }
      }
      await new Promise((r) => setTimeout(r, 200));
    }

    const blobs = new BlobStore(await openBlobStore(nc));
    const folder = join(opts.captureDir, opts.company);
    await mkdir(folder, { recursive: true });
    const shown: string[] = [];
    const byNumber = [...records.values()].sort((a, b) => a.documentNo.localeCompare(b.documentNo));
    for (const record of byNumber) {
      if (!record.emailId) {
        shown.push(`    ${record.documentNo}: ${record.status} — ${record.reason ?? ''}`);
        continue;
      }
      let email: EmailRecord | undefined;
      for (let i = 0; i < 100; i++) {
        const res = await call('dispatcher', `/v1/emails/${record.emailId}`);
        email = res.ok ? ((await res.json()) as EmailRecord) : undefined;
        if (email && ['sent', 'failed'].includes(email.status)) {
          break;
        }
        await new Promise((r) => setTimeout(r, 200));
      }
      // A browser-ready copy of the body next to the captured .eml.
      let preview = '';
      if (email?.htmlBody) {
        preview = join(folder, `${record.emailId}.html`);
        await writeFile(preview, await blobs.getBytes(email.htmlBody.sha256));
      }
      shown.push(
        `    ${record.subject ?? record.documentNo} → ${email?.to.map((t) => t.address).join(', ') ?? ''} [${email?.status ?? record.status}]`,
        // The capture's provider id names its file in the company's capture folder.
        `      ${join(folder, email?.providerMessageId ?? `${record.emailId}.eml`)}`,
        ...(preview ? [`      ${preview}  (open in a browser)`] : []),
      );
    }
    const pending = invoices.length - records.size;
    return {
      lines: [
        '',
        `Demo invoices posted (${records.size} processed${pending > 0 ? `, ${pending} still in progress` : ''}):`,
        ...shown,
        '',
        `  Captured emails (.eml, never really sent) are in ${folder}`,
        '  Through the API (with the token above):',
        `    curl -H "authorization: Bearer $TOKEN" ${dispatcher}/v1/sent`,
        `    curl -H "authorization: Bearer $TOKEN" ${dispatcher}/v1/events`,
        `  Post another invoice: see docs/events.md (POST ${dispatcher}/v1/events).`,
      ],
    };
  } finally {
    await nc.drain();
  }
}
