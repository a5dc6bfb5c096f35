/**
 * Email accounts: the list (connector, default, rate limit, status) and the
 * account card (connector form, write-only secrets, send test email, set as
 * default, connect mailbox, delete with the default-account rule). Each page
 * asks config and the dispatcher at once (the list: every account's connection
 * in one call, `GET /v1/connections`), so it waits on one round trip.
 * @module
 */
import type { ConfigSchema } from '@verzend/client';
import type { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { ApiProblem, type ShownProblem, unwrap } from '../api/problem';
import type { ConsoleEnv, Ctx } from '../context';
import { Input, PostForm, ProblemBanner, Select } from '../ui/form';
import { Page } from '../ui/layout';
import { DataTable } from '../ui/table';
import {
  AccountFields,
  bodyOf,
  CONNECTORS,
  type ConnectorName,
  type FormValues,
  formValues,
  type RegistrationChoice,
  TestOutcome,
  valuesOf,
} from './account-form';

/** The dispatcher's sign-in nonce in its Set-Cookie. */
const SIGN_IN_NONCE = /verzend_oauth_nonce=([^;]+)/;
/**
 * Connections asked for: the most one API page holds. An account past it (a
 * company with more) reads as not connected rather than cost a second round trip.
 */
const CONNECTIONS_PAGE = 500;

type Account = ConfigSchema<'Account'>;

/** The status word of an account for this user. */
export function accountStatus(c: Ctx, account: Account, connected: boolean | undefined): string {
  const { t } = c.get('i18n');
  if (account.needsCredentials) {
    return t('statusNeedsCredentials');
  }
  if (account.settings.connector === 'current-user' && connected === false) {
    return t('statusNotConnected');
  }
  return t('statusReady');
}

const connectorLabel = (c: Ctx, connector: string) => {
  const found = CONNECTORS.find((x) => x.value === connector);
  return found ? c.get('i18n').t(found.label) : connector;
};

/**
 * Whether the user's mailbox is connected, for the accounts whose status says it
 * (Current User); undefined for the others. A connection the dispatcher could not
 * tell reads as not connected.
 */
function connectedOf(account: Account, connected: boolean | undefined): boolean | undefined {
  return account.settings.connector === 'current-user' ? (connected ?? false) : undefined;
}

/** The user's connection to every account users connect (one call), by account id. */
async function connections(c: Ctx): Promise<Map<string, boolean>> {
  const { data } = await c.get('api').dispatcher.GET('/v1/connections', {
    params: { query: { limit: CONNECTIONS_PAGE } },
  });
  return new Map((data?.items ?? []).map((s) => [s.accountId, s.connected]));
}

function AccountList({
  c,
  accounts,
  connected,
}: {
  c: Ctx;
  accounts: Account[];
  connected: (boolean | undefined)[];
}) {
  const { t, number } = c.get('i18n');
  return (
    <DataTable
      headers={[
        t('name'),
        t('emailAddress'),
        t('connector'),
        t('isDefault'),
        t('rateLimit'),
        t('status'),
      ]}
      rows={accounts.map((a, i) => [
        <a href={`/accounts/${a.id}`}>{a.name}</a>,
        a.emailAddress,
        connectorLabel(c, a.settings.connector),
        a.isDefault ? t('yes') : t('no'),
        number(a.rateLimitPerMinute),
        accountStatus(c, a, connected[i]),
      ])}
      empty={
        <>
          {t('emptyList')} <a href="/setup">{t('setup')}</a>
        </>
      }
    />
  );
}

/** The account card. */
function AccountCard({
  c,
  account,
  others,
  registrations,
  connected,
  values,
  problem,
  notice,
  test,
}: {
  c: Ctx;
  account: Account;
  others: Account[];
  registrations: RegistrationChoice[];
  connected: boolean | undefined;
  values?: FormValues;
  problem?: ShownProblem | undefined;
  notice?: string | undefined;
  test?: { ok: boolean; message: string } | undefined;
}) {
  const { t } = c.get('i18n');
  const base = `/accounts/${account.id}`;
  return (
    <Page c={c} title={`${t('accountCard')}: ${account.name}`} notice={notice}>
      <p>
        <a href="/accounts">← {t('accounts')}</a>
      </p>
      <dl class="facts">
        <dt>{t('connector')}</dt>
        <dd>{connectorLabel(c, account.settings.connector)}</dd>
        <dt>{t('status')}</dt>
        <dd>{accountStatus(c, account, connected)}</dd>
        <dt>{t('isDefault')}</dt>
        <dd>{account.isDefault ? t('yes') : t('no')}</dd>
      </dl>
      <ProblemBanner problem={problem} />
      <section aria-labelledby="edit-h">
        <h2 id="edit-h">{t('edit')}</h2>
        <PostForm c={c} action={base} class="form">
          <AccountFields
            c={c}
            connector={account.settings.connector as ConnectorName}
            values={values ?? valuesOf(account)}
            problem={problem}
            secretsSet={account.secretsSet}
            registrations={registrations}
          />
          <button type="submit" class="primary">
            {t('save')}
          </button>
        </PostForm>
      </section>
      <section aria-labelledby="test-h">
        <h2 id="test-h">{t('sendTestEmail')}</h2>
        <TestOutcome c={c} result={test} />
        <PostForm c={c} action={`${base}/test`} class="form row">
          <Input
            name="sendTestTo"
            type="email"
            label={t('sendTestTo')}
            value={c.get('session')?.claims.email}
            problem={problem}
            autocomplete="email"
          />
          <button type="submit">{t('sendTestEmail')}</button>
        </PostForm>
      </section>
      <section aria-labelledby="more-h">
        <h2 id="more-h">{t('actions')}</h2>
        <div class="actions">
          {account.isDefault ? null : (
            <PostForm c={c} action={`${base}/default`}>
              <button type="submit">{t('setAsDefault')}</button>
            </PostForm>
          )}
          {account.settings.connector === 'current-user' ? (
            connected ? (
              <p>{t('mailboxConnected')}</p>
            ) : (
              <PostForm c={c} action={`${base}/connect`}>
                <button type="submit">{t('connectMailbox')}</button>
              </PostForm>
            )
          ) : null}
        </div>
        <PostForm c={c} action={`${base}/delete`} class="form danger">
          {account.isDefault ? <p class="help">{t('deleteDefaultRule')}</p> : null}
          {account.isDefault && others.length > 1 ? (
            <Select
              name="newDefault"
              label={t('newDefault')}
              problem={problem}
              options={others.map((o) => ({ value: o.id, label: `${o.name} <${o.emailAddress}>` }))}
            />
          ) : null}
          <button type="submit" class="danger">
            {t('deleteAccount')}
          </button>
        </PostForm>
      </section>
    </Page>
  );
}

async function load(c: Ctx, id: string) {
  const api = c.get('api');
  // The connection is asked for with the account, before its connector is known: one round
  // trip, and the answer is used only where the connector makes it matter.
  const [account, list, registrations, connected] = await Promise.all([
    unwrap(api.config.GET('/v1/accounts/{id}', { params: { path: { id } } })),
    unwrap(api.config.GET('/v1/accounts')),
    api.config
      .GET('/v1/app-registrations')
      .then(({ data }) => (data?.items ?? []).map((r) => ({ id: r.id, name: r.name }))),
    api.dispatcher
      .GET('/v1/accounts/{id}/connection', { params: { path: { id } } })
      .then(({ data }) => data?.connected),
  ]);
  return {
    account,
    others: list.items.filter((a) => a.id !== id),
    registrations: account.settings.connector === 'capture' ? [] : registrations,
    connected: connectedOf(account, connected),
  };
}

/** Runs an action; on an API problem re-renders the card with it. */
async function withCard(c: Ctx, id: string, run: () => Promise<Response>, values?: FormValues) {
  try {
    return await run();
  } catch (err) {
    if (err instanceof ApiProblem) {
      const loaded = await load(c, id);
      return c.html(
        <AccountCard c={c} {...loaded} problem={err.problem} {...(values ? { values } : {})} />,
        (err.problem.status ?? 400) as 400,
      );
    }
    throw err;
  }
}

/** Registers the account pages. */
export function registerAccountPages(app: Hono<ConsoleEnv>): void {
  app.get('/accounts', async (c) => {
    const [{ items }, connectedById] = await Promise.all([
      unwrap(c.get('api').config.GET('/v1/accounts')),
      connections(c),
    ]);
    const connected = items.map((a) => connectedOf(a, connectedById.get(a.id)));
    const { t } = c.get('i18n');
    return c.html(
      <Page c={c} title={t('accounts')} notice={c.req.query('notice')}>
        <p>
          <a class="button" href="/setup">
            {t('newAccount')}
          </a>
        </p>
        <AccountList c={c} accounts={items} connected={connected} />
      </Page>,
    );
  });

  app.get('/accounts/:id', async (c) => {
    const loaded = await load(c, c.req.param('id'));
    return c.html(<AccountCard c={c} {...loaded} notice={c.req.query('notice')} />);
  });

  app.post('/accounts/:id', async (c) => {
    const id = c.req.param('id');
    const values = await formValues(c);
    return withCard(
      c,
      id,
      async () => {
        await unwrap(
          c.get('api').config.PATCH('/v1/accounts/{id}', {
            params: { path: { id } },
            body: bodyOf(values) as never,
          }),
        );
        return c.redirect(
          `/accounts/${id}?notice=${encodeURIComponent(c.get('i18n').t('saved'))}`,
          303,
        );
      },
      values,
    );
  });

  app.post('/accounts/:id/test', async (c) => {
    const id = c.req.param('id');
    const to = (await formValues(c)).sendTestTo?.trim();
    return withCard(c, id, async () => {
      const result = await unwrap(
        c.get('api').config.POST('/v1/accounts/{id}/test', {
          params: { path: { id } },
          body: to ? { sendTestTo: to } : {},
        }),
      );
      const loaded = await load(c, id);
      return c.html(<AccountCard c={c} {...loaded} test={result} />);
    });
  });

  app.post('/accounts/:id/default', async (c) => {
    const id = c.req.param('id');
    return withCard(c, id, async () => {
      await unwrap(
        c.get('api').config.POST('/v1/accounts/{id}/default', { params: { path: { id } } }),
      );
      return c.redirect(
        `/accounts/${id}?notice=${encodeURIComponent(c.get('i18n').t('saved'))}`,
        303,
      );
    });
  });

  app.post('/accounts/:id/connect', async (c) => {
    const id = c.req.param('id');
    return withCard(c, id, async () => {
      const call = await c
        .get('api')
        .dispatcher.POST('/v1/accounts/{id}/connect', { params: { path: { id } }, body: {} });
      const started = await unwrap(Promise.resolve(call));
      // The dispatcher binds the sign-in to the starting browser with a nonce cookie; the
      // console is that browser's server, so the nonce travels in the console's own cookie.
      const nonce = SIGN_IN_NONCE.exec(call.response.headers.get('set-cookie') ?? '')?.[1];
      if (nonce) {
        setCookie(c, 'verzend_oauth_nonce', nonce, {
          path: '/oauth/callback',
          httpOnly: true,
          sameSite: 'Lax',
          secure: new URL(c.req.url).protocol === 'https:',
          maxAge: 900,
        });
      }
      return c.redirect(started.authorizeUrl, 303);
    });
  });

  // The identity provider returns here after "Connect mailbox" when the dispatcher's
  // OAUTH_REDIRECT_URI points at the console: the dispatcher finishes the sign-in, and the user
  // lands back on the account card.
  app.get('/oauth/callback', async (c) => {
    const query = Object.fromEntries(new URL(c.req.url).searchParams);
    const nonce = getCookie(c, 'verzend_oauth_nonce');
    deleteCookie(c, 'verzend_oauth_nonce', { path: '/oauth/callback' });
    const done = await unwrap(
      c.get('api').dispatcher.GET('/oauth/callback', {
        params: { query },
        headers: {
          accept: 'application/json',
          ...(nonce ? { cookie: `verzend_oauth_nonce=${nonce}` } : {}),
        },
      }),
    );
    if (typeof done === 'string') {
      throw new ApiProblem({
        title: 'Unexpected answer',
        detail: 'The sign-in answered HTML.',
        status: 502,
      });
    }
    const notice = encodeURIComponent(c.get('i18n').t('mailboxConnected'));
    return c.redirect(`/accounts/${done.accountId}?notice=${notice}`, 303);
  });

  app.post('/accounts/:id/delete', async (c) => {
    const id = c.req.param('id');
    const newDefault = (await formValues(c)).newDefault;
    return withCard(c, id, async () => {
      await unwrap(
        c.get('api').config.DELETE('/v1/accounts/{id}', {
          params: { path: { id }, query: newDefault ? { newDefault } : {} },
        }),
      );
      return c.redirect(`/accounts?notice=${encodeURIComponent(c.get('i18n').t('deleted'))}`, 303);
    });
  });
}
