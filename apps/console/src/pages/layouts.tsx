/**
 * Custom report layouts: import (upload with progress), export, customise a
 * built-in into "Copy of …", delete; and the embedded preview that renders
 * with sample data on every change and shows the designer's errors at the tag.
 * @module
 */
import type { Hono } from 'hono';
import { ApiProblem, unwrap } from '../api/problem';
import type { ConsoleEnv, Ctx } from '../context';
import { Input, PostForm, ProblemBanner, Select, TextArea, UploadForm } from '../ui/form';
import { Page } from '../ui/layout';
import { DataTable } from '../ui/table';

/** Sample report data with the fields of the built-in email layouts and a loop for line layouts. */
const SAMPLE = JSON.stringify(
  {
    customerName: 'Fabrikam',
    documentNo: '103045',
    companyName: 'CRONUS',
    amountDue: 1250.5,
    currency: 'EUR',
    dueDate: '2026-12-31',
    Lines: [{ Description: 'Chair', Amount: 100 }],
  },
  null,
  2,
);

async function layoutsPage(c: Ctx, problem?: ApiProblem) {
  const { t, date } = c.get('i18n');
  const { items } = await unwrap(c.get('api').config.GET('/v1/layouts'));
  const selected = c.req.query('preview') ?? '';
  return c.html(
    <Page c={c} title={t('layouts')} notice={c.req.query('notice')} scripts={['upload', 'preview']}>
      <ProblemBanner problem={problem?.problem} />
      <DataTable
        headers={[t('name'), t('status'), t('created'), t('actions')]}
        rows={items.map((l) => [
          <>
            {l.name}
            {l.description ? <p class="help">{l.description}</p> : null}
          </>,
          l.builtIn ? t('builtIn') : t('custom'),
          date(l.updatedAt),
          <div class="actions">
            <a class="button" href={`/api/config/v1/layouts/${l.id}/content`}>
              {t('exportLayout')}
              <span class="sr-only"> ({l.name})</span>
            </a>
            <a class="button" href={`/layouts?preview=${l.id}#preview-h`}>
              {t('preview')}
              <span class="sr-only"> ({l.name})</span>
            </a>
            <PostForm c={c} action={`/layouts/${l.id}/copy`} class="inline">
              <button type="submit">
                {t('copyLayout')}
                <span class="sr-only"> ({l.name})</span>
              </button>
            </PostForm>
            {l.builtIn ? null : (
              <PostForm c={c} action={`/layouts/${l.id}/delete`} class="inline">
                <button type="submit" class="danger">
                  {t('delete')}
                  <span class="sr-only"> ({l.name})</span>
                </button>
              </PostForm>
            )}
          </div>,
        ])}
      />
      <h2>{t('importLayout')}</h2>
      <UploadForm
        c={c}
        api="/api/config/v1/layouts"
        done="/layouts"
        fileLabel={`${t('file')} (.docx)`}
        fileField="layout"
        accept=".docx"
      >
        <Input name="name" label={t('name')} />
        <Input name="description" label={t('description')} />
      </UploadForm>

      <h2 id="preview-h">{t('preview')}</h2>
      <form id="preview" class="form">
        <Select
          name="layoutId"
          label={t('layouts')}
          value={selected}
          options={[
            { value: '', label: '—' },
            ...items.map((l) => ({ value: l.id, label: l.name })),
          ]}
        />
        <div class="field">
          <label for="preview-file">{t('file')} (.docx)</label>
          <input id="preview-file" type="file" name="layout" accept=".docx" />
        </div>
        <TextArea name="data" label={t('sampleData')} value={SAMPLE} rows={8} />
        <Input
          name="locale"
          label={t('language')}
          value={c.get('i18n').lang === 'nl' ? 'nl-NL' : 'en-GB'}
        />
        <button type="submit">{t('preview')}</button>
      </form>
      <p id="preview-status" role="status" data-busy="…" data-ok="OK" />
      <section aria-labelledby="errors-h">
        <h3 id="errors-h">{t('previewErrors')}</h3>
        <ol id="preview-errors" class="errors" />
      </section>
      <iframe id="preview-frame" class="preview" title={t('preview')} sandbox="" />
    </Page>,
    problem ? ((problem.problem.status ?? 400) as 400) : 200,
  );
}

/** Registers the layout pages. */
export function registerLayoutPages(app: Hono<ConsoleEnv>): void {
  app.get('/layouts', (c) => layoutsPage(c));
  app.post('/layouts/:id/:action{copy|delete}', async (c) => {
    const { id, action } = c.req.param();
    const api = c.get('api').config;
    const { t } = c.get('i18n');
    try {
      if (action === 'copy') {
        await unwrap(api.POST('/v1/layouts/{id}/customise', { params: { path: { id } } }));
      } else {
        await unwrap(api.DELETE('/v1/layouts/{id}', { params: { path: { id } } }));
      }
      return c.redirect(
        `/layouts?notice=${encodeURIComponent(t(action === 'copy' ? 'saved' : 'deleted'))}`,
        303,
      );
    } catch (err) {
      if (err instanceof ApiProblem) {
        return layoutsPage(c, err);
      }
      throw err;
    }
  });
}
