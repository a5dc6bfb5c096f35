/**
 * Email outbox, Sent emails and the message view: lists paged by the API
 * (cursor), filtered by status; status with last error and attempts; actions
 * send again / cancel / edit and send / resend / delete; the message (body in
 * a sandboxed frame, attachments to download). The view policy is applied by
 * the API: what it hides is simply not listed.
 * @module
 */
import type { DispatcherSchema } from '@verzend/client';
import type { Hono } from 'hono';
import { ApiProblem, unwrap } from '../api/problem';
import type { ConsoleEnv, Ctx } from '../context';
import type { MessageKey } from '../i18n';
import { Input, PostForm, ProblemBanner, Select } from '../ui/form';
import { Page } from '../ui/layout';
import { DataTable } from '../ui/table';

type Email = DispatcherSchema<'EmailRecord'>;
const PAGE_SIZE = 25;
/** Largest inline image shown in the message view. */
const INLINE_IMAGE_BYTES = 2 * 1024 * 1024;

const STATUS_KEY: Record<Email['status'], MessageKey> = {
  draft: 'statusDraft',
  queued: 'statusQueued',
  processing: 'statusProcessing',
  sent: 'statusSent',
  failed: 'statusFailed',
  cancelled: 'statusCancelled',
};

const addresses = (list: Email['to']) => list.map((m) => m.address).join(', ');

/** The actions an email in this status allows. */
function EmailActions({ c, email }: { c: Ctx; email: Email }) {
  const { t } = c.get('i18n');
  const post = (action: string, label: MessageKey, cls = '') => (
    <PostForm c={c} action={`/emails/${email.id}/${action}`} class="inline">
      <button type="submit" class={cls}>
        {t(label)}
        <span class="sr-only"> ({email.subject})</span>
      </button>
    </PostForm>
  );
  return (
    <div class="actions">
      {['failed', 'cancelled', 'draft'].includes(email.status) ? post('send', 'sendAgain') : null}
      {email.status === 'queued' ? post('cancel', 'cancelEmail') : null}
      {email.status === 'draft' ? (
        <a
          class="button"
          href={`/compose?draft=${email.id}&scenario=${encodeURIComponent(email.scenario)}`}
        >
          {t('editAndSend')}
          <span class="sr-only"> ({email.subject})</span>
        </a>
      ) : null}
      {email.status === 'sent' ? post('resend', 'resend') : null}
      {['draft', 'failed', 'cancelled', 'sent'].includes(email.status)
        ? post('delete', 'delete', 'danger')
        : null}
    </div>
  );
}

function EmailTable({ c, items, sent }: { c: Ctx; items: Email[]; sent: boolean }) {
  const { t, date, number } = c.get('i18n');
  return (
    <DataTable
      headers={[
        t('subject'),
        t('to'),
        t('status'),
        t('attempts'),
        sent ? t('sentAt') : t('created'),
        t('actions'),
      ]}
      empty={t('emptyList')}
      rows={items.map((e) => [
        <a href={`/emails/${e.id}`}>{e.subject || '—'}</a>,
        addresses(e.to),
        <>
          <span class={`status-${e.status}`}>{t(STATUS_KEY[e.status])}</span>
          {e.lastError && e.status !== 'sent' ? (
            <p class="last-error">
              {t('lastError')}: {e.lastError}
            </p>
          ) : null}
        </>,
        number(e.attempts.length),
        date(
          sent ? (e.history.findLast((h) => h.status === 'sent')?.at ?? e.createdAt) : e.createdAt,
        ),
        <EmailActions c={c} email={e} />,
      ])}
    />
  );
}

function Pager({ c, next }: { c: Ctx; next: string | null }) {
  const { t } = c.get('i18n');
  const url = new URL(c.req.url);
  const first = new URL(url);
  first.searchParams.delete('cursor');
  const following = new URL(url);
  if (next) {
    following.searchParams.set('cursor', next);
  }
  return (
    <nav class="pager" aria-label={t('nextPage')}>
      {url.searchParams.has('cursor') ? (
        <a href={`${first.pathname}${first.search}`}>{t('firstPage')}</a>
      ) : null}
      {next ? <a href={`${following.pathname}${following.search}`}>{t('nextPage')} →</a> : null}
    </nav>
  );
}

async function listPage(c: Ctx, sent: boolean, problem?: ApiProblem) {
  const { t } = c.get('i18n');
  const cursor = c.req.query('cursor') || undefined;
  const status = (!sent && c.req.query('status')) || undefined;
  const accountId = c.req.query('accountId') || undefined;
  const q = c.req.query('q')?.trim() || undefined;
  // Days as the user picks them (inclusive); the API takes instants, `to` exclusive.
  const day = (v: string | undefined) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);
  const fromDay = day(c.req.query('from'));
  const toDay = day(c.req.query('to'));
  const nextDay = (d: string) =>
    new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().replace('.000Z', 'Z');
  const { dispatcher, config } = c.get('api');
  const query = {
    limit: PAGE_SIZE,
    ...(cursor ? { cursor } : {}),
    ...(accountId ? { accountId } : {}),
    ...(q ? { q } : {}),
    ...(fromDay ? { from: `${fromDay}T00:00:00Z` } : {}),
    ...(toDay ? { to: nextDay(toDay) } : {}),
  };
  const [result, accounts] = await Promise.all([
    sent
      ? unwrap(dispatcher.GET('/v1/sent', { params: { query } }))
      : unwrap(
          dispatcher.GET('/v1/outbox', {
            params: { query: { ...query, ...(status ? { status } : {}) } },
          }),
        ),
    unwrap(config.GET('/v1/accounts')),
  ]);
  return c.html(
    <Page c={c} title={t(sent ? 'sent' : 'outbox')} notice={c.req.query('notice')}>
      <ProblemBanner problem={problem?.problem} />
      <form method="get" action={sent ? '/sent' : '/outbox'} class="row">
        {sent ? null : (
          <Select
            name="status"
            label={t('status')}
            value={status ?? ''}
            options={[
              { value: '', label: '—' },
              ...(['draft', 'queued', 'processing', 'failed', 'cancelled'] as const).map((s) => ({
                value: s,
                label: t(STATUS_KEY[s]),
              })),
            ]}
          />
        )}
        <Select
          name="accountId"
          label={t('account')}
          value={accountId ?? ''}
          options={[
            { value: '', label: '—' },
            ...accounts.items.map((a) => ({ value: a.id, label: a.name })),
          ]}
        />
        <Input
          name="from"
          type="date"
          label={t('fromDay')}
          value={fromDay}
          problem={problem?.problem}
        />
        <Input name="to" type="date" label={t('toDay')} value={toDay} problem={problem?.problem} />
        <Input name="q" type="search" label={t('search')} help={t('searchHelp')} value={q} />
        <button type="submit">{t('filter')}</button>
      </form>
      <EmailTable c={c} items={result.items} sent={sent} />
      <Pager c={c} next={result.nextCursor} />
    </Page>,
    problem ? ((problem.problem.status ?? 400) as 400) : 200,
  );
}

async function messagePage(c: Ctx, id: string, problem?: ApiProblem) {
  const { t, date } = c.get('i18n');
  const email = await unwrap(
    c.get('api').dispatcher.GET('/v1/emails/{id}', { params: { path: { id } } }),
  );
  return c.html(
    <Page c={c} title={`${t('message')}: ${email.subject}`} notice={c.req.query('notice')}>
      <p>
        <a href={email.status === 'sent' ? '/sent' : '/outbox'}>
          ← {t(email.status === 'sent' ? 'sent' : 'outbox')}
        </a>
      </p>
      <ProblemBanner problem={problem?.problem} />
      <dl class="facts">
        <dt>{t('status')}</dt>
        <dd>
          <span class={`status-${email.status}`}>{t(STATUS_KEY[email.status])}</span>
        </dd>
        <dt>{t('from')}</dt>
        <dd>{email.sendFrom}</dd>
        <dt>{t('to')}</dt>
        <dd>{addresses(email.to)}</dd>
        {email.cc.length ? (
          <>
            <dt>{t('cc')}</dt>
            <dd>{addresses(email.cc)}</dd>
          </>
        ) : null}
        <dt>{t('scenario')}</dt>
        <dd>{email.scenario}</dd>
        <dt>{t('created')}</dt>
        <dd>{date(email.createdAt)}</dd>
        {email.lastError ? (
          <>
            <dt>{t('lastError')}</dt>
            <dd class="last-error">
              {email.lastError}
              {email.status === 'failed' ? <p class="help">{t('fixHint')}</p> : null}
            </dd>
          </>
        ) : null}
      </dl>
      <EmailActions c={c} email={email} />
      {email.attempts.length ? (
        <>
          <h2>{t('attempts')}</h2>
          <ol>
            {email.attempts.map((a) => (
              <li>
                {date(a.startedAt)} — {a.outcome}
                {a.error ? `: ${a.error}` : ''}
              </li>
            ))}
          </ol>
        </>
      ) : null}
      {email.attachments.length ? (
        <>
          <h2>{t('attachments')}</h2>
          <ul>
            {email.attachments.map((a, i) => (
              <li>
                <a href={`/api/dispatcher/v1/emails/${email.id}/attachments/${i}/content`}>
                  {a.fileName}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>{t('body')}</h2>
      {email.htmlBody ? (
        <iframe
          class="message"
          title={`${t('body')}: ${email.subject}`}
          sandbox=""
          src={`/emails/${email.id}/body`}
        />
      ) : email.textBody ? (
        <iframe
          class="message"
          title={`${t('body')}: ${email.subject}`}
          sandbox=""
          src={`/api/dispatcher/v1/emails/${email.id}/body?part=text`}
        />
      ) : null}
    </Page>,
    problem ? ((problem.problem.status ?? 400) as 400) : 200,
  );
}

/** Registers the outbox, sent and message pages. */
export function registerEmailPages(app: Hono<ConsoleEnv>): void {
  app.get('/outbox', (c) => listPage(c, false));
  app.get('/outbox/:id', (c) => messagePage(c, c.req.param('id')));
  app.get('/sent', (c) => listPage(c, true));
  app.get('/emails/:id', (c) => messagePage(c, c.req.param('id')));

  // The body as the message view frames it. The frame is sandboxed (an opaque origin, so no
  // cookies): inline (CID) images up to 2 MB are put in as data: URLs.
  app.get('/emails/:id/body', async (c) => {
    const id = c.req.param('id');
    const api = c.get('api').dispatcher;
    const [email, html] = await Promise.all([
      unwrap(api.GET('/v1/emails/{id}', { params: { path: { id } } })),
      unwrap(
        api.GET('/v1/emails/{id}/body', {
          params: { path: { id }, query: { part: 'html' } },
          parseAs: 'text',
        }),
      ),
    ]);
    let body = String(html);
    const inline = email.attachments
      .map((a, index) => ({ ...a, index }))
      .filter(
        (a) =>
          a.contentId && a.blob.size <= INLINE_IMAGE_BYTES && body.includes(`cid:${a.contentId}`),
      );
    const bytes = await Promise.all(
      inline.map((a) =>
        unwrap(
          api.GET('/v1/emails/{id}/attachments/{index}/content', {
            params: { path: { id, index: a.index } },
            parseAs: 'arrayBuffer',
          }),
        ),
      ),
    );
    inline.forEach((a, i) => {
      const data = Buffer.from(bytes[i] as ArrayBuffer).toString('base64');
      body = body.replaceAll(`cid:${a.contentId}`, `data:${a.contentType};base64,${data}`);
    });
    return c.body(body, 200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy':
        "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'; frame-ancestors 'self'",
      'x-frame-options': 'SAMEORIGIN',
    });
  });

  app.post('/emails/:id/:action{send|cancel|resend|delete}', async (c) => {
    const { id, action } = c.req.param();
    const api = c.get('api').dispatcher;
    const { t } = c.get('i18n');
    try {
      if (action === 'delete') {
        await unwrap(api.DELETE('/v1/emails/{id}', { params: { path: { id } } }));
        return c.redirect(`/outbox?notice=${encodeURIComponent(t('deleted'))}`, 303);
      }
      const path = `/v1/emails/{id}/${action}` as '/v1/emails/{id}/send';
      const record = await unwrap(api.POST(path, { params: { path: { id } } }));
      return c.redirect(`/emails/${record.id}?notice=${encodeURIComponent(t('saved'))}`, 303);
    } catch (err) {
      if (err instanceof ApiProblem) {
        return messagePage(c, id, err);
      }
      throw err;
    }
  });
}
