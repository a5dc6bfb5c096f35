/**
 * `pnpm --filter @verzend/config erp-user <company>`: prints the nats-server
 * user block of a company's ERP credential (paste it between the "ERP users"
 * markers of deploy/nats/permissions.conf, then `nats-server --signal reload`)
 * and, once, the password and connection settings to give the ERP integration.
 * @module
 */
import { makeErpUser } from '../nats/erp-user';

const company = process.argv[2];
if (!company || process.argv.length > 3) {
  process.stderr.write('usage: erp-user <company>\n');
  process.exit(2);
}
try {
  const erp = await makeErpUser(company);
  process.stdout.write(
    [
      '# Paste into the users list of deploy/nats/permissions.conf (between the ERP markers):',
      erp.block,
      '',
      '# Give the ERP integration (shown once; the server keeps only the hash):',
      `#   user:        ${erp.user}`,
      `#   password:    ${erp.password}`,
      `#   inboxPrefix: ${erp.inboxPrefix}`,
      `#   publishes:   ${erp.subjects}`,
      `#   reads:       ${erp.statusSubjects} (stream VERZEND_STATUS, durable consumer ${erp.statusConsumer})`,
      '# Then reload the server: nats-server --signal reload (or kill -HUP <pid>).',
      '',
    ].join('\n'),
  );
} catch (err) {
  process.stderr.write(`erp-user: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
}
