/**
 * Microsoft Graph's rules that the double enforces and the connectors must
 * respect and explain: permissions per operation (Mail.Send to send,
 * Mail.ReadWrite for drafts), Send As rights on a shared mailbox, at most 5
 * custom headers, and a Graph resource configured apart from the host that
 * serves Graph (a proxy, a national cloud).
 */
import { createGraphRuntime, createMicrosoft365Connector } from '@verzend/connectors';
import { afterEach, describe, expect, it } from 'vitest';
import {
  APP,
  account,
  appOnly,
  connectUser,
  context,
  delegated,
  type GraphFixture,
  generatedAttachment,
  message,
  SHARED,
  startGraphFixture,
  USER,
} from './fixture';

let fx: GraphFixture | undefined;
afterEach(async () => {
  await fx?.stop();
  fx = undefined;
});

const MiB = 1024 * 1024;

describe('Graph permissions and mailbox rights', () => {
  it('names the shared mailbox when the signed-in user may not send as it (delegated)', async () => {
    fx = await startGraphFixture();
    fx.double.sendRights.delete(USER.email);
    const acc = account(delegated());
    await connectUser(fx, acc);
    const err = await fx.m365.send(message(), context(acc)).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'AUTH_FAILED', retry: false });
    expect((err as Error).message).toBe(
      `The signed-in user ${USER.email} may not send as ${SHARED}: grant them Send As or Send on Behalf on ${SHARED} in Exchange Online.`,
    );
  });

  it('names Mail.ReadWrite (application) when an app without it sends a message over 4 MB', async () => {
    fx = await startGraphFixture();
    fx.double.registerApp({ ...APP, appRoles: ['Mail.Send'] });
    const acc = account(appOnly());
    await fx.m365.send(message(), context(acc));
    const err = await fx.m365
      .send(message({ attachments: [generatedAttachment('big.bin', 5 * MiB)] }), context(acc))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CONSENT_MISSING', retry: false });
    const text = (err as Error).message;
    expect(text).toContain('the application permission Mail.ReadWrite with admin consent');
    expect(text).toContain(`mailbox ${SHARED}`);
    expect(text).toContain('create draft');
    expect(text).not.toContain('Mail.Send ');
  });

  it('names the delegated Mail.ReadWrite and the shared mailbox when the consent lacks it', async () => {
    fx = await startGraphFixture();
    fx.double.registerApp({ ...APP, delegatedPermissions: ['Mail.Send', 'Mail.Send.Shared'] });
    const acc = account(delegated());
    await connectUser(fx, acc);
    await fx.m365.send(message(), context(acc));
    expect(fx.double.sent).toHaveLength(1);
    const err = await fx.m365
      .send(message({ attachments: [generatedAttachment('big.bin', 5 * MiB)] }), context(acc))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CONSENT_MISSING' });
    expect((err as Error).message).toContain(
      `for mailbox ${SHARED}: Access is denied. Check credentials and try again.. It needs the delegated permission Mail.ReadWrite`,
    );
  });
});

describe('Graph limits', () => {
  it('the double refuses more than 5 custom headers, as Graph does', async () => {
    fx = await startGraphFixture();
    const headers = Object.fromEntries([1, 2, 3, 4, 5, 6].map((i) => [`X-Custom-${i}`, `${i}`]));
    const err = await fx.m365
      .send(message({ headers }), context(account(appOnly())))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'MESSAGE_REJECTED', retry: false });
    expect((err as Error).message).toMatch(/InvalidInternetMessageHeaderCollection/);
  });
});

describe('Graph resource and national clouds', () => {
  it('asks for tokens on the configured Graph resource when Graph is reached through a proxy', async () => {
    fx = await startGraphFixture({ proxy: true });
    const proxied = `${fx.double.proxyUrl}/v1.0`;
    // Derived from the proxy's address, the scope names a resource the tenant does not know.
    const derived = createMicrosoft365Connector(
      createGraphRuntime({
        graphBaseUrl: proxied,
        authority: fx.double.authority,
        userTokens: fx.store,
      }),
    );
    const err = await derived.send(message(), context(account(appOnly()))).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'AUTH_FAILED', retry: false });
    expect((err as Error).message).toMatch(/AADSTS500011.*GRAPH_RESOURCE/);
    // With the resource configured apart from the URL, the same proxy works.
    const configured = createMicrosoft365Connector(
      createGraphRuntime({
        graphBaseUrl: proxied,
        graphResource: fx.double.url,
        authority: fx.double.authority,
        userTokens: fx.store,
      }),
    );
    await configured.send(message(), context(account(appOnly())));
    expect(fx.double.sent).toHaveLength(1);
  });

  it('names each national cloud by its own authority and resources', () => {
    const china = createGraphRuntime({ cloud: 'china', userTokens: fx?.store as never });
    expect([china.graphResource, china.tokens.client.authority, china.settings.baseUrl]).toEqual([
      'https://microsoftgraph.chinacloudapi.cn',
      'https://login.chinacloudapi.cn',
      'https://microsoftgraph.chinacloudapi.cn/v1.0',
    ]);
    const gov = china.forCloud('us-government');
    expect([gov.graphResource, gov.tokens.client.authority]).toEqual([
      'https://graph.microsoft.us',
      'https://login.microsoftonline.us',
    ]);
    expect(gov.forCloud(undefined)).toBe(china);
    // A proxy in front of global Graph keeps the global resource.
    expect(
      createGraphRuntime({
        graphBaseUrl: 'https://graph.microsoft.com/beta',
        userTokens: fx?.store as never,
      }).graphResource,
    ).toBe('https://graph.microsoft.com');
  });
});
