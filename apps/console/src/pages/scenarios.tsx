/**
 * Email scenario assignment: accounts with their scenarios as a tree (assign,
 * reassign, unassign), and per scenario its default attachments (upload with
 * progress, auto-add or offered, delete).
 * @module
 */
import type { Hono } from 'hono';
import { ApiProblem, unwrap } from '../api/problem';
import type { ConsoleEnv, Ctx } from '../context';
import { PostForm, ProblemBanner, Select, UploadForm } from '../ui/form';
import { Page } from '../ui/layout';
import { DataTable } from '../ui/table';
import { formValues } from './account-form';

const back = (c: Ctx, path: string, key: 'saved' | 'deleted' = 'saved') =>
  c.redirect(`${path}?notice=${encodeURIComponent(c.get('i18n').t(key))}`, 303);

async function scenariosPage(c: Ctx, problem?: ApiProblem) {
  const api = c.get('api');
  const [accounts, scenarios] = await Promise.all([
    unwrap(api.config.GET('/v1/accounts')),
    unwrap(api.config.GET('/v1/scenarios')),
  ]);
  const { t } = c.get('i18n');
  const byAccount = new Map<string | null, typeof scenarios.items>();
  for (const s of scenarios.items) {
    const list = byAccount.get(s.accountId) ?? [];
    list.push(s);
    byAccount.set(s.accountId, list);
  }
  const options = accounts.items.map((a) => ({
    value: a.id,
    label: `${a.name} <${a.emailAddress}>`,
  }));
  const row = (s: (typeof scenarios.items)[number]) => (
    <li>
      <span class="scenario-name">
        <a href={`/scenarios/${s.code}`}>{s.name}</a> <code>{s.code}</code>
      </span>
      <PostForm c={c} action={`/scenarios/${s.code}/assign`} class="row">
        <Select
          name="accountId"
          label={`${t('account')} (${s.name})`}
          value={s.accountId ?? ''}
          options={s.accountId ? options : [{ value: '', label: '—' }, ...options]}
        />
        <button type="submit">{t('assign')}</button>
      </PostForm>
      {s.accountId ? (
        <PostForm c={c} action={`/scenarios/${s.code}/unassign`}>
          <button type="submit" class="link">
            {t('unassign')}
          </button>
        </PostForm>
      ) : null}
    </li>
  );
  return c.html(
    <Page c={c} title={t('scenarios')} notice={c.req.query('notice')}>
      <ProblemBanner problem={problem?.problem} />
      <p class="help">{t('defaultAccountFallback')}</p>
      <ul class="tree">
        {accounts.items.map((a) => (
          <li>
            <h2 class="tree-account">
              {a.name} &lt;{a.emailAddress}&gt; {a.isDefault ? `(${t('isDefault')})` : ''}
            </h2>
            <ul>{(byAccount.get(a.id) ?? []).map(row)}</ul>
          </li>
        ))}
        <li>
          <h2 class="tree-account">{t('defaultAccountFallback')}</h2>
          <ul>{(byAccount.get(null) ?? []).map(row)}</ul>
        </li>
      </ul>
    </Page>,
    problem ? ((problem.problem.status ?? 400) as 400) : 200,
  );
}

async function attachmentsPage(c: Ctx, code: string, problem?: ApiProblem) {
  const api = c.get('api');
  const [scenario, list] = await Promise.all([
    unwrap(api.config.GET('/v1/scenarios/{code}', { params: { path: { code } } })),
    unwrap(api.config.GET('/v1/scenarios/{code}/attachments', { params: { path: { code } } })),
  ]);
  const { t, date } = c.get('i18n');
  const modeOptions = [
    { value: 'true', label: t('autoAdd') },
    { value: 'false', label: t('offered') },
  ];
  return c.html(
    <Page
      c={c}
      title={`${t('defaultAttachments')}: ${scenario.name}`}
      notice={c.req.query('notice')}
      scripts={['upload']}
    >
      <p>
        <a href="/scenarios">← {t('scenarios')}</a>
      </p>
      <ProblemBanner problem={problem?.problem} />
      <DataTable
        headers={[t('file'), t('attachmentMode'), t('created'), t('actions')]}
        empty={t('emptyList')}
        rows={list.items.map((a) => [
          <a href={`/api/config/v1/scenarios/${code}/attachments/${a.id}/content`}>{a.fileName}</a>,
          <PostForm c={c} action={`/scenarios/${code}/attachments/${a.id}`} class="row">
            <Select
              name="autoAdd"
              label={`${t('attachmentMode')} (${a.fileName})`}
              value={String(a.autoAdd)}
              options={modeOptions}
            />
            <button type="submit">{t('save')}</button>
          </PostForm>,
          date(a.createdAt),
          <PostForm c={c} action={`/scenarios/${code}/attachments/${a.id}/delete`}>
            <button type="submit" class="danger">
              {t('delete')}
              <span class="sr-only"> ({a.fileName})</span>
            </button>
          </PostForm>,
        ])}
      />
      <h2>{t('upload')}</h2>
      <UploadForm
        c={c}
        api={`/api/config/v1/scenarios/${code}/attachments`}
        done={`/scenarios/${code}`}
        fileLabel={t('file')}
        fileField="file"
      >
        <Select name="autoAdd" label={t('attachmentMode')} value="true" options={modeOptions} />
      </UploadForm>
    </Page>,
    problem ? ((problem.problem.status ?? 400) as 400) : 200,
  );
}

/** Runs a change; an API problem is shown on the page it came from. */
async function change(run: () => Promise<Response>, page: (p: ApiProblem) => Promise<Response>) {
  try {
    return await run();
  } catch (err) {
    if (err instanceof ApiProblem) {
      return page(err);
    }
    throw err;
  }
}

/** Registers the scenario pages. */
export function registerScenarioPages(app: Hono<ConsoleEnv>): void {
  app.get('/scenarios', (c) => scenariosPage(c));
  app.get('/scenarios/:code', (c) => attachmentsPage(c, c.req.param('code')));

  app.post('/scenarios/:code/assign', async (c) => {
    const code = c.req.param('code');
    const { accountId = '' } = await formValues(c);
    return change(
      async () => {
        await unwrap(
          c.get('api').config.PUT('/v1/scenarios/{code}/account', {
            params: { path: { code } },
            body: { accountId },
          }),
        );
        return back(c, '/scenarios');
      },
      (p) => scenariosPage(c, p),
    );
  });

  app.post('/scenarios/:code/unassign', (c) => {
    const code = c.req.param('code');
    return change(
      async () => {
        await unwrap(
          c
            .get('api')
            .config.DELETE('/v1/scenarios/{code}/account', { params: { path: { code } } }),
        );
        return back(c, '/scenarios');
      },
      (p) => scenariosPage(c, p),
    );
  });

  app.post('/scenarios/:code/attachments/:id', async (c) => {
    const { code, id } = c.req.param();
    const { autoAdd } = await formValues(c);
    return change(
      async () => {
        await unwrap(
          c.get('api').config.PATCH('/v1/scenarios/{code}/attachments/{id}', {
            params: { path: { code, id } },
            body: { autoAdd: autoAdd === 'true' },
          }),
        );
        return back(c, `/scenarios/${code}`);
      },
      (p) => attachmentsPage(c, code, p),
    );
  });

  app.post('/scenarios/:code/attachments/:id/delete', (c) => {
    const { code, id } = c.req.param();
    return change(
      async () => {
        await unwrap(
          c.get('api').config.DELETE('/v1/scenarios/{code}/attachments/{id}', {
            params: { path: { code, id } },
          }),
        );
        return back(c, `/scenarios/${code}`, 'deleted');
      },
      (p) => attachmentsPage(c, code, p),
    );
  });
}
