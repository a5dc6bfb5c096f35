/**
 * Microsoft Entra app registration for the company (ADR-0022): tenant, client
 * id, national cloud, redirect URI, the write-only client secret and the
 * admin-consent link. Microsoft 365, Current User and SMTP OAuth accounts
 * refer to a registration instead of repeating its values.
 * @module
 */
import type { ConfigSchema } from '@verzend/client';
import type { Hono } from 'hono';
import { ApiProblem, type ShownProblem, unwrap } from '../api/problem';
import type { ConsoleEnv, Ctx } from '../context';
import { Input, PostForm, ProblemBanner, Select } from '../ui/form';
import { Page } from '../ui/layout';
import { DataTable } from '../ui/table';
import { type FormValues, formValues } from './account-form';

type Registration = ConfigSchema<'AppRegistration'>;
type Cloud = Registration['cloud'];
const CLOUDS: Cloud[] = ['global', 'us-government', 'china'];

/** The API body from the form; an empty secret keeps the stored one. */
function bodyOf(form: FormValues) {
  const v = (k: string) => (form[k] ?? '').trim();
  const secret = form['secrets.clientSecret'] ?? '';
  return {
    name: v('name'),
    tenantId: v('tenantId'),
    clientId: v('clientId'),
    cloud: (v('cloud') || 'global') as Cloud,
    ...(v('redirectUri') ? { redirectUri: v('redirectUri') } : {}),
    ...(secret ? { secrets: { clientSecret: secret } } : {}),
  };
}

function valuesOf(r: Registration): FormValues {
  return {
    name: r.name,
    tenantId: r.tenantId,
    clientId: r.clientId,
    cloud: r.cloud,
    redirectUri: r.redirectUri ?? '',
  };
}

/** The registration's fields (create and edit), errors next to each. */
function RegistrationFields({
  c,
  values,
  problem,
  secretSet,
}: {
  c: Ctx;
  values: FormValues;
  problem: ShownProblem | undefined;
  secretSet: boolean;
}) {
  const { t } = c.get('i18n');
  return (
    <>
      <Input name="name" label={t('name')} value={values.name} problem={problem} required />
      <Input
        name="tenantId"
        label={t('tenantId')}
        help={t('tenantIdHelp')}
        value={values.tenantId}
        problem={problem}
        required
      />
      <Input
        name="clientId"
        label={t('clientId')}
        help={t('clientIdHelp')}
        value={values.clientId}
        problem={problem}
        required
      />
      <Select
        name="cloud"
        label={t('cloud')}
        value={values.cloud ?? 'global'}
        problem={problem}
        options={CLOUDS.map((x) => ({ value: x, label: x }))}
      />
      <Input
        name="redirectUri"
        type="url"
        label={t('redirectUri')}
        help={t('redirectUriHelp')}
        value={values.redirectUri}
        problem={problem}
      />
      <fieldset>
        <legend>{t('secrets')}</legend>
        <p class="help">{t('secretsHelp')}</p>
        <Input
          name="secrets.clientSecret"
          type="password"
          autocomplete="new-password"
          label={`${t('clientSecret')} (${secretSet ? t('secretSet') : t('secretNotSet')}) — ${
            secretSet ? t('secretReplace') : t('secretSetNew')
          }`}
          problem={problem}
        />
      </fieldset>
    </>
  );
}

async function listPage(c: Ctx, problem?: ApiProblem, values: FormValues = {}) {
  const { t } = c.get('i18n');
  const { items } = await unwrap(c.get('api').config.GET('/v1/app-registrations'));
  return c.html(
    <Page c={c} title={t('appRegistrations')} notice={c.req.query('notice')}>
      <p class="lead">{t('appRegistrationsLead')}</p>
      <DataTable
        headers={[t('name'), t('tenantId'), t('clientId'), t('clientSecret'), t('adminConsent')]}
        empty={t('emptyList')}
        rows={items.map((r) => [
          <a href={`/app-registrations/${r.id}`}>{r.name}</a>,
          r.tenantId,
          r.clientId,
          r.secretsSet.length ? t('secretSet') : t('secretNotSet'),
          <a href={r.adminConsentUrl} rel="noopener noreferrer" target="_blank">
            {t('grantConsent')}
            <span class="sr-only"> ({r.name})</span>
          </a>,
        ])}
      />
      <h2>{t('newAppRegistration')}</h2>
      <ProblemBanner problem={problem?.problem} />
      <PostForm c={c} action="/app-registrations" class="form">
        <RegistrationFields c={c} values={values} problem={problem?.problem} secretSet={false} />
        <button type="submit" class="primary">
          {t('save')}
        </button>
      </PostForm>
    </Page>,
    problem ? ((problem.problem.status ?? 400) as 400) : 200,
  );
}

async function cardPage(c: Ctx, id: string, problem?: ApiProblem, values?: FormValues) {
  const { t } = c.get('i18n');
  const r = await unwrap(
    c.get('api').config.GET('/v1/app-registrations/{id}', { params: { path: { id } } }),
  );
  const base = `/app-registrations/${r.id}`;
  return c.html(
    <Page c={c} title={`${t('appRegistration')}: ${r.name}`} notice={c.req.query('notice')}>
      <p>
        <a href="/app-registrations">← {t('appRegistrations')}</a>
      </p>
      <h2>{t('adminConsent')}</h2>
      <p class="help">{t('adminConsentHelp')}</p>
      <p>
        <a
          class="button"
          id="admin-consent"
          href={r.adminConsentUrl}
          rel="noopener noreferrer"
          target="_blank"
        >
          {t('grantConsent')}
        </a>
      </p>
      <ProblemBanner problem={problem?.problem} />
      <PostForm c={c} action={base} class="form">
        <RegistrationFields
          c={c}
          values={values ?? valuesOf(r)}
          problem={problem?.problem}
          secretSet={r.secretsSet.includes('clientSecret')}
        />
        <button type="submit" class="primary">
          {t('save')}
        </button>
      </PostForm>
      <h2>{t('delete')}</h2>
      <p class="help">{t('appRegistrationDeleteRule')}</p>
      <PostForm c={c} action={`${base}/delete`}>
        <button type="submit" class="danger">
          {t('delete')}
          <span class="sr-only"> ({r.name})</span>
        </button>
      </PostForm>
    </Page>,
    problem ? ((problem.problem.status ?? 400) as 400) : 200,
  );
}

/** Registers the app registration pages. */
export function registerAppRegistrationPages(app: Hono<ConsoleEnv>): void {
  const notice = (c: Ctx, key: 'saved' | 'deleted') => encodeURIComponent(c.get('i18n').t(key));
  app.get('/app-registrations', (c) => listPage(c));
  app.get('/app-registrations/:id', (c) => cardPage(c, c.req.param('id')));
  app.post('/app-registrations', async (c) => {
    const values = await formValues(c);
    try {
      const r = await unwrap(
        c.get('api').config.POST('/v1/app-registrations', { body: bodyOf(values) }),
      );
      return c.redirect(`/app-registrations/${r.id}?notice=${notice(c, 'saved')}`, 303);
    } catch (err) {
      if (err instanceof ApiProblem) {
        return listPage(c, err, values);
      }
      throw err;
    }
  });
  app.post('/app-registrations/:id', async (c) => {
    const id = c.req.param('id');
    const values = await formValues(c);
    try {
      await unwrap(
        c.get('api').config.PATCH('/v1/app-registrations/{id}', {
          params: { path: { id } },
          body: bodyOf(values),
        }),
      );
      return c.redirect(`/app-registrations/${id}?notice=${notice(c, 'saved')}`, 303);
    } catch (err) {
      if (err instanceof ApiProblem) {
        return cardPage(c, id, err, values);
      }
      throw err;
    }
  });
  app.post('/app-registrations/:id/delete', async (c) => {
    const id = c.req.param('id');
    try {
      await unwrap(
        c.get('api').config.DELETE('/v1/app-registrations/{id}', { params: { path: { id } } }),
      );
      return c.redirect(`/app-registrations?notice=${notice(c, 'deleted')}`, 303);
    } catch (err) {
      if (err instanceof ApiProblem) {
        return cardPage(c, id, err);
      }
      throw err;
    }
  });
}
