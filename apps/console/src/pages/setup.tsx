/**
 * Set up email (guided): choose a connector (with when to use each) → its
 * fields with help texts and the rate limit pre-filled → send a test email
 * and make it the default.
 * @module
 */
import type { Hono } from 'hono';
import { ApiProblem, type ShownProblem, unwrap } from '../api/problem';
import type { ConsoleEnv, Ctx } from '../context';
import { Checkbox, Input, PostForm, ProblemBanner } from '../ui/form';
import { Page } from '../ui/layout';
import {
  AccountFields,
  bodyOf,
  CONNECTORS,
  type ConnectorName,
  DEFAULT_RATE,
  type FormValues,
  formValues,
  type RegistrationChoice,
  registrationsFor,
  TestOutcome,
} from './account-form';

function ChooseStep({ c }: { c: Ctx }) {
  const { t } = c.get('i18n');
  return (
    <form method="get" action="/setup" class="form">
      <fieldset>
        <legend>{t('setupStep1')}</legend>
        {CONNECTORS.map((k, i) => (
          <div class="choice">
            <input
              type="radio"
              id={`connector-${k.value}`}
              name="connector"
              value={k.value}
              checked={i === 0}
            />
            <label for={`connector-${k.value}`}>
              <strong>{t(k.label)}</strong> — {t(k.when)}
            </label>
          </div>
        ))}
      </fieldset>
      <button type="submit" class="primary">
        {t('next')}
      </button>
    </form>
  );
}

function DetailsStep({
  c,
  connector,
  values,
  problem,
  registrations,
}: {
  c: Ctx;
  connector: ConnectorName;
  values: FormValues;
  problem?: ShownProblem | undefined;
  registrations: RegistrationChoice[];
}) {
  const { t } = c.get('i18n');
  return (
    <>
      <ProblemBanner problem={problem} />
      <PostForm c={c} action="/setup" class="form">
        <fieldset>
          <legend>{t('setupStep2')}</legend>
          <AccountFields
            c={c}
            connector={connector}
            values={values}
            problem={problem}
            registrations={registrations}
          />
        </fieldset>
        <p>
          <a href="/setup">← {t('back')}</a>{' '}
          <button type="submit" class="primary">
            {t('next')}
          </button>
        </p>
      </PostForm>
    </>
  );
}

function TestStep({
  c,
  id,
  isDefault,
  result,
  problem,
}: {
  c: Ctx;
  id: string;
  isDefault: boolean;
  result?: { ok: boolean; message: string } | undefined;
  problem?: ShownProblem | undefined;
}) {
  const { t } = c.get('i18n');
  return (
    <>
      <ProblemBanner problem={problem} />
      <TestOutcome c={c} result={result} />
      {result?.ok ? (
        <p>
          {t('setupDone')} <a href={`/accounts/${id}`}>{t('accountCard')}</a> ·{' '}
          <a href="/scenarios">{t('scenarios')}</a>
        </p>
      ) : null}
      <PostForm c={c} action={`/setup/${id}/test`} class="form">
        <fieldset>
          <legend>{t('setupStep3')}</legend>
          <Input
            name="sendTestTo"
            type="email"
            label={t('sendTestTo')}
            value={c.get('session')?.claims.email}
            problem={problem}
            autocomplete="email"
            required
          />
          {isDefault ? null : <Checkbox name="makeDefault" label={t('makeDefault')} checked />}
        </fieldset>
        <button type="submit" class="primary">
          {t('sendTestEmail')}
        </button>
      </PostForm>
    </>
  );
}

/** Registers the guided setup. */
export function registerSetupPages(app: Hono<ConsoleEnv>): void {
  app.get('/setup', async (c) => {
    const { t } = c.get('i18n');
    const connector = CONNECTORS.find((k) => k.value === c.req.query('connector'))?.value;
    const registrations = connector ? await registrationsFor(c, connector) : [];
    return c.html(
      <Page c={c} title={t('setup')}>
        <p>{t('setupLead')}</p>
        {connector ? (
          <DetailsStep
            c={c}
            connector={connector}
            values={{ 'settings.port': '587', rateLimitPerMinute: String(DEFAULT_RATE[connector]) }}
            registrations={registrations}
          />
        ) : (
          <ChooseStep c={c} />
        )}
      </Page>,
    );
  });

  app.post('/setup', async (c) => {
    const values = await formValues(c);
    const connector = (CONNECTORS.find((k) => k.value === values.connector)?.value ??
      'capture') as ConnectorName;
    try {
      const account = await unwrap(
        c.get('api').config.POST('/v1/accounts', { body: bodyOf(values) as never }),
      );
      return c.redirect(`/setup/${account.id}/test`, 303);
    } catch (err) {
      if (!(err instanceof ApiProblem)) {
        throw err;
      }
      const { t } = c.get('i18n');
      return c.html(
        <Page c={c} title={t('setup')}>
          <DetailsStep
            c={c}
            connector={connector}
            values={values}
            problem={err.problem}
            registrations={await registrationsFor(c, connector)}
          />
        </Page>,
        (err.problem.status ?? 400) as 400,
      );
    }
  });

  app.get('/setup/:id/test', async (c) => {
    const id = c.req.param('id');
    const account = await unwrap(
      c.get('api').config.GET('/v1/accounts/{id}', { params: { path: { id } } }),
    );
    return c.html(
      <Page c={c} title={`${c.get('i18n').t('setup')}: ${account.name}`}>
        <TestStep c={c} id={id} isDefault={account.isDefault} />
      </Page>,
    );
  });

  app.post('/setup/:id/test', async (c) => {
    const id = c.req.param('id');
    const values = await formValues(c);
    const api = c.get('api');
    let result: { ok: boolean; message: string } | undefined;
    let problem: ShownProblem | undefined;
    try {
      if (values.makeDefault) {
        await unwrap(api.config.POST('/v1/accounts/{id}/default', { params: { path: { id } } }));
      }
      result = await unwrap(
        api.config.POST('/v1/accounts/{id}/test', {
          params: { path: { id } },
          body: { sendTestTo: (values.sendTestTo ?? '').trim() },
        }),
      );
    } catch (err) {
      if (!(err instanceof ApiProblem)) {
        throw err;
      }
      problem = err.problem;
    }
    const account = await unwrap(api.config.GET('/v1/accounts/{id}', { params: { path: { id } } }));
    return c.html(
      <Page c={c} title={`${c.get('i18n').t('setup')}: ${account.name}`}>
        <TestStep c={c} id={id} isDefault={account.isDefault} result={result} problem={problem} />
      </Page>,
      problem ? ((problem.status ?? 400) as 400) : 200,
    );
  });
}
