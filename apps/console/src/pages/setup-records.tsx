/**
 * Report selections (usage → report, body layout, attachment layout, per
 * customer overrides), document sending profiles and the PayPal payment
 * service: small record pages with a list and one form each.
 * @module
 */
import { ReportUsage } from '@verzend/shared';
import type { Hono } from 'hono';
import { ApiProblem, type ShownProblem, unwrap } from '../api/problem';
import type { ConsoleEnv, Ctx } from '../context';
import { Checkbox, Input, PostForm, ProblemBanner, Select } from '../ui/form';
import { Page } from '../ui/layout';
import { DataTable } from '../ui/table';
import { type FormValues, formValues } from './account-form';

const USAGES = ReportUsage.options;
type Usage = (typeof USAGES)[number];

const status = (problem: ShownProblem | undefined) =>
  problem ? ((problem.status ?? 400) as 400) : 200;
const notice = (c: Ctx, path: string, key: 'saved' | 'deleted' = 'saved') =>
  c.redirect(`${path}?notice=${encodeURIComponent(c.get('i18n').t(key))}`, 303);

/** Runs a change and redirects; an API problem re-renders the page with it and the values sent. */
function changing(
  page: (c: Ctx, problem?: ShownProblem, values?: FormValues) => Promise<Response>,
  path: string,
  run: (c: Ctx, values: FormValues) => Promise<unknown>,
  key: 'saved' | 'deleted' = 'saved',
) {
  return async (c: Ctx) => {
    const values = await formValues(c);
    try {
      await run(c, values);
      return notice(c, path, key);
    } catch (err) {
      if (err instanceof ApiProblem) {
        return page(c, err.problem, values);
      }
      throw err;
    }
  };
}

async function reportSelectionsPage(c: Ctx, problem?: ShownProblem, values: FormValues = {}) {
  const { t } = c.get('i18n');
  const api = c.get('api').config;
  const [selections, layouts] = await Promise.all([
    unwrap(api.GET('/v1/report-selections')),
    unwrap(api.GET('/v1/layouts')),
  ]);
  const layoutName = (id: string | undefined) =>
    layouts.items.find((l) => l.id === id)?.name ?? '—';
  const layoutOptions = [
    { value: '', label: '—' },
    ...layouts.items.map((l) => ({ value: l.id, label: l.name })),
  ];
  return c.html(
    <Page c={c} title={t('reportSelections')} notice={c.req.query('notice')}>
      <ProblemBanner problem={problem} />
      <DataTable
        headers={[
          t('usage'),
          t('customerOverride'),
          t('report'),
          t('bodyLayout'),
          t('attachmentLayout'),
          t('actions'),
        ]}
        empty={t('emptyList')}
        rows={selections.items.flatMap((s) =>
          s.entries.map((e) => [
            s.usage,
            s.customerNo ?? '—',
            (e as { reportId?: number }).reportId ?? '—',
            e.useForEmailBody ? layoutName(e.bodyLayoutId) : '—',
            e.useForEmailAttachment ? layoutName(e.attachmentLayoutId) : '—',
            <PostForm c={c} action="/report-selections/delete">
              <input type="hidden" name="usage" value={s.usage} />
              <input type="hidden" name="customerNo" value={s.customerNo ?? ''} />
              <button type="submit" class="danger">
                {t('delete')}
                <span class="sr-only"> ({`${s.usage} ${s.customerNo ?? ''}`.trim()})</span>
              </button>
            </PostForm>,
          ]),
        )}
      />
      <h2>{t('save')}</h2>
      <PostForm c={c} action="/report-selections" class="form">
        <Select
          name="usage"
          label={t('usage')}
          value={values.usage}
          problem={problem}
          options={USAGES.map((u) => ({ value: u, label: u }))}
        />
        <Input
          name="customerNo"
          label={t('customerNo')}
          value={values.customerNo}
          problem={problem}
        />
        <Input
          name="reportId"
          label={t('report')}
          type="number"
          min={1}
          value={values.reportId ?? '1306'}
          problem={problem}
          apiPath="entries.0.reportId"
        />
        <Checkbox
          name="useForEmailBody"
          label={t('bodyLayout')}
          checked={values.useForEmailBody === 'true'}
        />
        <Select
          name="bodyLayoutId"
          label={t('bodyLayout')}
          value={values.bodyLayoutId}
          options={layoutOptions}
          problem={problem}
          apiPath="entries.0.bodyLayoutId"
        />
        <Checkbox
          name="useForEmailAttachment"
          label={t('attachmentLayout')}
          checked={values.useForEmailAttachment !== 'false'}
        />
        <Checkbox name="pdfA" label="PDF/A" checked={values.pdfA === 'true'} />
        <Select
          name="attachmentLayoutId"
          label={t('attachmentLayout')}
          value={values.attachmentLayoutId}
          options={layoutOptions}
          problem={problem}
          apiPath="entries.0.attachmentLayoutId"
        />
        <button type="submit" class="primary">
          {t('save')}
        </button>
      </PostForm>
    </Page>,
    status(problem),
  );
}

async function sendingProfilesPage(c: Ctx, problem?: ShownProblem, values: FormValues = {}) {
  const { t } = c.get('i18n');
  const { items } = await unwrap(c.get('api').config.GET('/v1/sending-profiles'));
  const emailOptions = [
    { value: 'no', label: t('sendingNo') },
    { value: 'yes-prompt', label: t('sendingPrompt') },
    { value: 'yes-use-default', label: t('sendingDefault') },
  ];
  return c.html(
    <Page c={c} title={t('sendingProfiles')} notice={c.req.query('notice')}>
      <ProblemBanner problem={problem} />
      <DataTable
        headers={[t('code'), t('description'), t('emailSetting'), t('isDefault'), t('actions')]}
        empty={t('emptyList')}
        rows={items.map((p) => [
          p.code,
          p.description,
          emailOptions.find((o) => o.value === p.email)?.label,
          p.isDefault ? t('yes') : t('no'),
          <PostForm c={c} action={`/sending-profiles/${p.code}/delete`}>
            <button type="submit" class="danger">
              {t('delete')}
              <span class="sr-only"> ({p.code})</span>
            </button>
          </PostForm>,
        ])}
      />
      <h2>{t('save')}</h2>
      <PostForm c={c} action="/sending-profiles" class="form">
        <Input name="code" label={t('code')} value={values.code} problem={problem} required />
        <Input
          name="description"
          label={t('description')}
          value={values.description}
          problem={problem}
        />
        <Select
          name="email"
          label={t('emailSetting')}
          value={values.email ?? 'yes-use-default'}
          options={emailOptions}
          problem={problem}
        />
        <Select
          name="attachmentFormat"
          label={t('attachments')}
          value={values.attachmentFormat ?? 'docx'}
          problem={problem}
          options={['docx', 'pdf', 'electronic-document', 'pdf-and-electronic-document'].map(
            (v) => ({ value: v, label: v }),
          )}
        />
        <Checkbox name="isDefault" label={t('isDefault')} checked={values.isDefault === 'true'} />
        <button type="submit" class="primary">
          {t('save')}
        </button>
      </PostForm>
    </Page>,
    status(problem),
  );
}

async function payPalPage(c: Ctx, problem?: ShownProblem, values?: FormValues) {
  const { t } = c.get('i18n');
  const { paypal } = await unwrap(c.get('api').config.GET('/v1/payment-services'));
  const v: FormValues = values ?? {
    merchantEmail: paypal?.merchantEmail ?? '',
    environment: paypal?.environment ?? 'sandbox',
    linkText: paypal?.linkText ?? 'Pay with PayPal',
    enabled: String(paypal?.enabled ?? true),
  };
  return c.html(
    <Page c={c} title={t('paypal')} notice={c.req.query('notice')}>
      <ProblemBanner problem={problem} />
      <PostForm c={c} action="/paypal" class="form">
        <Checkbox name="enabled" label={t('enabled')} checked={v.enabled === 'true'} />
        <Input
          name="merchantEmail"
          type="email"
          label={t('businessEmail')}
          value={v.merchantEmail}
          problem={problem}
          required
        />
        <Select
          name="environment"
          label={t('sandbox')}
          value={v.environment}
          problem={problem}
          options={[
            { value: 'sandbox', label: 'Sandbox' },
            { value: 'live', label: 'Live' },
          ]}
        />
        <Input name="linkText" label={t('linkText')} value={v.linkText} problem={problem} />
        <button type="submit" class="primary">
          {t('save')}
        </button>
      </PostForm>
      {paypal ? (
        <PostForm c={c} action="/paypal/delete">
          <button type="submit" class="danger">
            {t('delete')}
          </button>
        </PostForm>
      ) : null}
    </Page>,
    status(problem),
  );
}

/** Registers report selections, sending profiles and PayPal. */
export function registerRecordPages(app: Hono<ConsoleEnv>): void {
  app.get('/report-selections', (c) => reportSelectionsPage(c));
  app.post(
    '/report-selections',
    changing(reportSelectionsPage, '/report-selections', (c, v) =>
      unwrap(
        c.get('api').config.PUT('/v1/report-selections/{usage}', {
          params: { path: { usage: (v.usage ?? 'sales-invoice') as Usage } },
          body: {
            customerNo: v.customerNo?.trim() || null,
            entries: [
              {
                sequence: 1,
                reportId: Number(v.reportId || 0),
                useForEmailBody: v.useForEmailBody === 'true',
                ...(v.bodyLayoutId ? { bodyLayoutId: v.bodyLayoutId } : {}),
                useForEmailAttachment: v.useForEmailAttachment === 'true',
                pdfA: v.pdfA === 'true',
                ...(v.attachmentLayoutId ? { attachmentLayoutId: v.attachmentLayoutId } : {}),
              },
            ],
          },
        }),
      ),
    ),
  );
  app.post(
    '/report-selections/delete',
    changing(
      reportSelectionsPage,
      '/report-selections',
      (c, v) =>
        unwrap(
          c.get('api').config.DELETE('/v1/report-selections/{usage}', {
            params: {
              path: { usage: v.usage as Usage },
              query: v.customerNo ? { customerNo: v.customerNo } : {},
            },
          }),
        ),
      'deleted',
    ),
  );

  app.get('/sending-profiles', (c) => sendingProfilesPage(c));
  app.post(
    '/sending-profiles',
    changing(sendingProfilesPage, '/sending-profiles', (c, v) =>
      unwrap(
        c.get('api').config.PUT('/v1/sending-profiles/{code}', {
          params: { path: { code: (v.code ?? '').trim() } },
          body: {
            description: v.description ?? '',
            email: (v.email ?? 'no') as 'no',
            attachmentFormat: (v.attachmentFormat ?? 'docx') as 'docx',
            isDefault: v.isDefault === 'true',
          },
        }),
      ),
    ),
  );
  app.post('/sending-profiles/:code/delete', (c) =>
    changing(
      sendingProfilesPage,
      '/sending-profiles',
      (cc) =>
        unwrap(
          cc.get('api').config.DELETE('/v1/sending-profiles/{code}', {
            params: { path: { code: c.req.param('code') } },
          }),
        ),
      'deleted',
    )(c),
  );

  app.get('/paypal', (c) => payPalPage(c));
  app.post(
    '/paypal',
    changing(payPalPage, '/paypal', (c, v) =>
      unwrap(
        c.get('api').config.PUT('/v1/payment-services/paypal', {
          body: {
            enabled: v.enabled === 'true',
            merchantEmail: (v.merchantEmail ?? '').trim(),
            environment: (v.environment ?? 'sandbox') as 'sandbox',
            linkText: v.linkText?.trim() || 'Pay with PayPal',
          },
        }),
      ),
    ),
  );
  app.post(
    '/paypal/delete',
    changing(
      payPalPage,
      '/paypal',
      (c) => unwrap(c.get('api').config.DELETE('/v1/payment-services/paypal')),
      'deleted',
    ),
  );
}
