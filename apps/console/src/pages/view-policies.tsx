/**
 * Email view policies: per user or for all users (empty user), the four
 * options explained.
 * @module
 */
import type { Hono } from 'hono';
import { ApiProblem, unwrap } from '../api/problem';
import type { ConsoleEnv, Ctx } from '../context';
import type { MessageKey } from '../i18n';
import { Input, PostForm, ProblemBanner } from '../ui/form';
import { Page } from '../ui/layout';
import { DataTable } from '../ui/table';
import { type FormValues, formValues } from './account-form';

type Kind = 'own' | 'all' | 'all-related-records' | 'any-related-record';
const KINDS: { value: Kind; label: MessageKey; help: MessageKey }[] = [
  { value: 'own', label: 'policyOwn', help: 'policyOwnHelp' },
  { value: 'all', label: 'policyAll', help: 'policyAllHelp' },
  { value: 'all-related-records', label: 'policyAllRelated', help: 'policyAllRelatedHelp' },
  { value: 'any-related-record', label: 'policyAnyRelated', help: 'policyAnyRelatedHelp' },
];

async function policiesPage(c: Ctx, problem?: ApiProblem, values: FormValues = {}) {
  const { t } = c.get('i18n');
  const { items } = await unwrap(c.get('api').config.GET('/v1/view-policies'));
  const label = (k: string) => t(KINDS.find((x) => x.value === k)?.label ?? 'policy');
  return c.html(
    <Page c={c} title={t('viewPolicies')} notice={c.req.query('notice')}>
      <ProblemBanner problem={problem?.problem} />
      <dl class="facts">
        {KINDS.map((k) => (
          <>
            <dt>{t(k.label)}</dt>
            <dd>{t(k.help)}</dd>
          </>
        ))}
      </dl>
      <DataTable
        headers={[t('user'), t('policy'), t('actions')]}
        empty={t('emptyList')}
        rows={items.map((p) => [
          p.userId || t('allUsers'),
          label(p.policy),
          <PostForm c={c} action="/view-policies/delete">
            <input type="hidden" name="userId" value={p.userId} />
            <button type="submit" class="danger">
              {t('delete')}
              <span class="sr-only"> ({p.userId || t('allUsers')})</span>
            </button>
          </PostForm>,
        ])}
      />
      <h2>{t('save')}</h2>
      <PostForm c={c} action="/view-policies" class="form">
        <Input
          name="userId"
          label={t('user')}
          help={t('userIdHelp')}
          value={values.userId}
          problem={problem?.problem}
        />
        <fieldset>
          <legend>{t('policy')}</legend>
          {KINDS.map((k, i) => (
            <div class="choice">
              <input
                type="radio"
                id={`policy-${k.value}`}
                name="policy"
                value={k.value}
                checked={values.policy ? values.policy === k.value : i === 0}
              />
              <label for={`policy-${k.value}`}>
                <strong>{t(k.label)}</strong> — {t(k.help)}
              </label>
            </div>
          ))}
        </fieldset>
        <button type="submit" class="primary">
          {t('save')}
        </button>
      </PostForm>
    </Page>,
    problem ? ((problem.problem.status ?? 400) as 400) : 200,
  );
}

/** Registers the view-policy page. */
export function registerViewPolicyPages(app: Hono<ConsoleEnv>): void {
  app.get('/view-policies', (c) => policiesPage(c));
  app.post('/view-policies', async (c) => {
    const values = await formValues(c);
    try {
      await unwrap(
        c.get('api').config.PUT('/v1/view-policies', {
          body: { userId: (values.userId ?? '').trim(), policy: (values.policy ?? 'own') as Kind },
        }),
      );
      return c.redirect(
        `/view-policies?notice=${encodeURIComponent(c.get('i18n').t('saved'))}`,
        303,
      );
    } catch (err) {
      if (err instanceof ApiProblem) {
        return policiesPage(c, err, values);
      }
      throw err;
    }
  });
  app.post('/view-policies/delete', async (c) => {
    const { userId = '' } = await formValues(c);
    try {
      await unwrap(
        c.get('api').config.DELETE('/v1/view-policies', { params: { query: { userId } } }),
      );
      return c.redirect(
        `/view-policies?notice=${encodeURIComponent(c.get('i18n').t('deleted'))}`,
        303,
      );
    } catch (err) {
      if (err instanceof ApiProblem) {
        return policiesPage(c, err);
      }
      throw err;
    }
  });
}
