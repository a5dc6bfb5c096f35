/**
 * Per-company ERP credentials for nats-server (docs/security.md, "NATS
 * credentials and secret transport"). An ERP user may publish only its
 * company's posting events, read only its own reply prefix, and read only its
 * company's status changes (live, or through its one durable consumer on
 * `VERZEND_STATUS`, whose filter the server keeps inside the company's
 * subjects); this builds the block an operator pastes into
 * deploy/nats/permissions.conf.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { assertToken, erpInbox, erpStatusConsumer, Streams, Subjects } from '@verzend/shared';
import bcrypt from 'bcryptjs';

/** The bcrypt cost nats-server's own `passwd` tool uses. */
const DEFAULT_COST = 11;

/** One company's ERP credential. */
export interface ErpUser {
  /** NATS user name: `erp-<company>`. */
  user: string;
  /** The password, shown once; the server keeps only its bcrypt hash. */
  password: string;
  /** The reply prefix the ERP client must set (nats.js `inboxPrefix`). */
  inboxPrefix: string;
  /** The one subject pattern it may publish to. */
  subjects: string;
  /** The status subjects it may read (`verzend.status.<company>.>`). */
  statusSubjects: string;
  /** The durable consumer on VERZEND_STATUS it may create and read. */
  statusConsumer: string;
  /** The entry for the `users` list of deploy/nats/permissions.conf. */
  block: string;
}

/**
 * Makes an ERP user for `company` with a fresh random password (or the given one).
 * @throws {TypeError} when the company id is not a valid subject token.
 */
export async function makeErpUser(
  company: string,
  opts: { password?: string; cost?: number } = {},
): Promise<ErpUser> {
  assertToken(company, 'company');
  const user = `erp-${company}`;
  const password = opts.password ?? randomBytes(24).toString('base64url');
  // nats-server treats a password starting with `$2` as a bcrypt hash.
  const hash = await bcrypt.hash(password, opts.cost ?? DEFAULT_COST);
  const inboxPrefix = erpInbox(company);
  const subjects = Subjects.event(company, 'x').replace(/\.x\.posted$/, '.>');
  const statusSubjects = Subjects.statusOf(company);
  const statusConsumer = erpStatusConsumer(company);
  const api = (op: string) => `$JS.API.CONSUMER.${op}.${Streams.status.name}.${statusConsumer}`;
  // The create subject carries the filter, and the server refuses a config whose filter differs.
  const statusRights = [
    `${api('CREATE')}.${statusSubjects}`,
    api('INFO'),
    api('MSG.NEXT'),
    api('DELETE'),
    `$JS.ACK.${Streams.status.name}.${statusConsumer}.>`,
  ];
  const list = (items: string[]) => items.map((i) => `"${i}"`).join(', ');
  const block = [
    `    # ERP integration of company ${company}`,
    '    {',
    `      user: "${user}"`,
    `      password: "${hash}"`,
    '      permissions: {',
    `        publish: { allow: [${list([subjects, ...statusRights])}] }`,
    `        subscribe: { allow: [${list([`${inboxPrefix}.>`, statusSubjects])}] }`,
    '      }',
    '    }',
  ].join('\n');
  return { user, password, inboxPrefix, subjects, statusSubjects, statusConsumer, block };
}
