/**
 * Copy company writes into another company, so it needs the right to
 * administer that company (the token's `companies` claim, or platform-admin);
 * the copy is a test company unless a platform administrator says otherwise;
 * the copied layouts and attachments become the target's to use by reference.
 */
import { blobOwnerKey, KvBlobOwners, openBucket } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { startStack } from '../harness';
import { call, expectProblem, upload } from './helpers';

describe('config: copy company needs the right to administer the target', () => {
  it('refuses a target the token does not administer, and makes copies test companies by default', async () => {
    await using stack = await startStack({ services: ['config'] });
    await call(stack, 'PUT', '/v1/company', { name: 'CRONUS', isTest: false });
    const layout = await call(stack, 'POST', '/v1/layouts/builtin-sales-invoice-email/customise');
    expect(layout.status).toBe(201);
    const attachment = await upload(stack, '/v1/scenarios/sales-invoice/attachments', {
      name: 'terms.pdf',
      type: 'application/pdf',
      data: Buffer.from('terms'),
    });
    expect(attachment.status).toBe(201);
    const target = `${stack.company}-copy`;
    const copy = (body: Record<string, unknown>, claims = {}) =>
      call(stack, 'POST', '/v1/company/copy', { targetCompany: target, ...body }, claims);
    const targetRecord = () => call(stack, 'GET', '/v1/company', undefined, { company: target });

    // An administrator of this company only: any unused id is still someone else's.
    expectProblem(await copy({ name: 'Planted' }), 403, 'FORBIDDEN');
    expectProblem(await targetRecord(), 404, 'NOT_FOUND');
    // Administering the target is not enough to make the copy live.
    expectProblem(
      await copy({ name: 'Live', isTest: false }, { companies: [target] }),
      403,
      'FORBIDDEN',
    );
    expectProblem(await targetRecord(), 404, 'NOT_FOUND');

    const made = await copy({ name: 'CRONUS (copy)' }, { companies: [target] });
    expect(made.status, made.text).toBe(201);
    expect(made.body.company).toMatchObject({ id: target, isTest: true });
    expect((await targetRecord()).body).toMatchObject({ id: target, isTest: true });

    // The copied content is the target's to use; a third company still owns nothing.
    const owners = new KvBlobOwners(await openBucket(stack.nc, 'blobOwners'));
    for (const blob of [layout.body.blob, attachment.body.blob] as { sha256: string }[]) {
      expect(await owners.owns(target, blob.sha256)).toBe(true);
      expect(await owners.owns(`${stack.company}-other`, blob.sha256)).toBe(false);
    }

    // A platform administrator may copy into any company, and may make it live.
    const live = `${stack.company}-live`;
    const platform = await call(
      stack,
      'POST',
      '/v1/company/copy',
      { targetCompany: live, name: 'CRONUS (live)', isTest: false },
      { perms: ['email-admin', 'platform-admin'] },
    );
    expect(platform.status, platform.text).toBe(201);
    expect(platform.body.company).toMatchObject({ id: live, isTest: false });
  });

  it("at start, makes configured layouts and attachments their company's (stored before ownership was kept)", async () => {
    await using stack = await startStack({ services: ['config'] });
    const layout = await call(stack, 'POST', '/v1/layouts/builtin-sales-invoice-email/customise');
    const blob = layout.body.blob as { sha256: string };
    const kv = await openBucket(stack.nc, 'blobOwners');
    // As an installation from before the index: no ownership recorded.
    await kv.purge(blobOwnerKey(stack.company, blob.sha256));
    expect(await new KvBlobOwners(kv).owns(stack.company, blob.sha256)).toBe(false);
    await stack.stopService('config');
    await stack.start('config');
    expect(await new KvBlobOwners(kv).owns(stack.company, blob.sha256)).toBe(true);
  });
});
