import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { makeErpUser } from './erp-user';

describe('makeErpUser', () => {
  it("lets a company's ERP user publish only its posting events and read only its own replies", async () => {
    const erp = await makeErpUser('acme', { cost: 4 });
    expect(erp).toMatchObject({
      user: 'erp-acme',
      inboxPrefix: '_INBOX_erp_acme',
      subjects: 'verzend.events.acme.>',
    });
    expect(erp.block).toContain('publish: { allow: ["verzend.events.acme.>", ');
    expect(erp.block).toContain(
      'subscribe: { allow: ["_INBOX_erp_acme.>", "verzend.status.acme.>"] }',
    );
    // Its status changes: one durable consumer, created only with a filter inside its company.
    expect(erp.block).toContain(
      '"$JS.API.CONSUMER.CREATE.VERZEND_STATUS.erp-acme.verzend.status.acme.>"',
    );
    expect(erp.block).toContain('"$JS.API.CONSUMER.MSG.NEXT.VERZEND_STATUS.erp-acme"');
    expect(erp.block).toContain('"$JS.ACK.VERZEND_STATUS.erp-acme.>"');
    expect(erp.block).not.toMatch(/VERZEND_STATUS\.\*|VERZEND_STATUS\.>|verzend\.status\.>/);
    // The server keeps a bcrypt hash of the password, never the password.
    expect(erp.block).not.toContain(erp.password);
    const hash = /password: "(\$2[ab]\$04\$[^"]+)"/.exec(erp.block)?.[1];
    expect(hash && (await bcrypt.compare(erp.password, hash))).toBe(true);
    expect(erp.password.length).toBeGreaterThanOrEqual(32);
    expect((await makeErpUser('acme', { cost: 4 })).password).not.toBe(erp.password);
  });

  it('refuses a company id that could widen a subject', async () => {
    for (const bad of ['a.b', '*', '>', '', 'a b']) {
      await expect(makeErpUser(bad, { cost: 4 })).rejects.toThrow(/Invalid company/);
    }
  });
});
