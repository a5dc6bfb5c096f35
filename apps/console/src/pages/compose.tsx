/**
 * Compose email: to/cc/bcc, subject, the rich-text editor, attachments with
 * upload progress, the scenario's offered default attachments as check boxes,
 * the account chosen by the scenario or picked, send now or save as draft.
 * A draft opened with `?draft=<id>` is edited in place ("edit and send"): its
 * files can be unticked and new ones added (uploaded first, then referred to).
 * @module
 */
import type { Hono } from 'hono';
import { unwrap } from '../api/problem';
import type { ConsoleEnv } from '../context';
import { Input, Select } from '../ui/form';
import { Page } from '../ui/layout';

const FONTS = [
  '',
  'Arial, sans-serif',
  'Georgia, serif',
  'Courier New, monospace',
  'Verdana, sans-serif',
];
const SIZES = ['', '12px', '14px', '16px', '20px', '24px'];

/** Registers the compose page. */
export function registerComposePage(app: Hono<ConsoleEnv>): void {
  app.get('/compose', async (c) => {
    const { t } = c.get('i18n');
    const api = c.get('api');
    const draftId = c.req.query('draft') || undefined;
    // One round before the first paint: the console's links to a draft name its scenario, and
    // the draft's HTML is asked for with it (a draft without HTML answers 404: no HTML).
    const asked = c.req.query('scenario') || 'default';
    const offeredFor = (code: string) =>
      unwrap(api.config.GET('/v1/scenarios/{code}/attachments', { params: { path: { code } } }));
    const [accounts, scenarios, draft, offeredAsked, draftHtml] = await Promise.all([
      unwrap(api.config.GET('/v1/accounts')),
      unwrap(api.config.GET('/v1/scenarios')),
      draftId
        ? unwrap(api.dispatcher.GET('/v1/emails/{id}', { params: { path: { id: draftId } } }))
        : Promise.resolve(undefined),
      offeredFor(asked),
      draftId
        ? api.dispatcher
            .GET('/v1/emails/{id}/body', {
              params: { path: { id: draftId }, query: { part: 'html' } },
              parseAs: 'text',
            })
            .then((r) => (r.response.ok ? ((r.data as string | undefined) ?? '') : ''))
        : Promise.resolve(''),
    ]);
    const scenario = c.req.query('scenario') || draft?.scenario || 'default';
    // Only a link that did not name the draft's scenario costs a second round.
    const offered = scenario === asked ? offeredAsked : await offeredFor(scenario);
    // A draft's files: kept unless unticked; its inline images stay with its text.
    const kept = (draft?.attachments ?? []).filter((a) => !a.inline);
    const inlineKept = (draft?.attachments ?? []).filter((a) => a.inline);
    const onDraft = (a: { fileName: string; blob: { sha256: string } }) =>
      kept.some((k) => k.fileName === a.fileName && k.blob.sha256 === a.blob.sha256);
    const choices = offered.items.filter((a) => !a.autoAdd && !onDraft(a));
    const join = (list: { address: string }[] | undefined) =>
      (list ?? []).map((m) => m.address).join(', ');
    return c.html(
      <Page c={c} title={t('compose')} scripts={['compose']}>
        <form method="get" action="/compose" class="row">
          <Select
            name="scenario"
            label={t('scenario')}
            value={scenario}
            options={scenarios.items.map((s) => ({ value: s.code, label: s.name }))}
          />
          <button type="submit">{t('open')}</button>
        </form>
        <form id="compose" class="form" data-draft={draft?.id}>
          <div class="problem problem-live" role="alert" tabindex={-1} hidden />
          <input type="hidden" name="scenario" value={scenario} />
          <Input
            name="to"
            label={t('to')}
            help={t('addressesHelp')}
            value={join(draft?.to)}
            autocomplete="email"
          />
          <Input name="cc" label={t('cc')} value={join(draft?.cc)} autocomplete="email" />
          <Input name="bcc" label={t('bcc')} value={join(draft?.bcc)} autocomplete="email" />
          <Input name="subject" label={t('subject')} value={draft?.subject} />
          <Select
            name="accountId"
            label={t('account')}
            value={draft?.accountId ?? ''}
            options={[
              { value: '', label: t('accountByScenario') },
              ...accounts.items.map((a) => ({
                value: a.id,
                label: `${a.name} <${a.emailAddress}>`,
              })),
            ]}
          />
          <div class="field">
            <span id="body-label" class="label">
              <strong>{t('body')}</strong>
            </span>
            <div
              class="editor-toolbar"
              role="toolbar"
              aria-label={t('body')}
              hidden
              data-link-prompt={t('linkPrompt')}
            >
              <button type="button" data-cmd="bold" aria-pressed="false">
                <b>B</b>
                <span class="sr-only">{t('bold')}</span>
              </button>
              <button type="button" data-cmd="italic" aria-pressed="false">
                <i>I</i>
                <span class="sr-only">{t('italic')}</span>
              </button>
              <button type="button" data-cmd="underline" aria-pressed="false">
                <u>U</u>
                <span class="sr-only">{t('underline')}</span>
              </button>
              <button type="button" data-cmd="bulletList" aria-pressed="false">
                • <span class="sr-only">{t('bulletList')}</span>
              </button>
              <button type="button" data-cmd="orderedList" aria-pressed="false">
                1. <span class="sr-only">{t('numberedList')}</span>
              </button>
              <button type="button" data-cmd="link" aria-pressed="false">
                {t('link')}
              </button>
              <button type="button" data-cmd="image">
                {t('image')}
              </button>
              <select name="fontFamily" aria-label={t('font')}>
                {FONTS.map((f) => (
                  <option value={f}>{f ? f.split(',')[0] : t('font')}</option>
                ))}
              </select>
              <select name="fontSize" aria-label={t('size')}>
                {SIZES.map((s) => (
                  <option value={s}>{s || t('size')}</option>
                ))}
              </select>
              <input type="color" name="color" aria-label={t('colour')} value="#1b1f24" />
            </div>
            <div id="editor" class="editor" data-html={draftHtml} />
          </div>
          {kept.length ? (
            <fieldset>
              <legend>{t('draftAttachments')}</legend>
              <p class="help">{t('draftAttachmentsHelp')}</p>
              {kept.map((a, i) => (
                <div class="field check">
                  <input
                    type="checkbox"
                    id={`kept-${i}`}
                    name="kept"
                    value={String(i)}
                    checked
                    data-attachment={JSON.stringify({
                      fileName: a.fileName,
                      contentType: a.contentType,
                      blob: { sha256: a.blob.sha256, size: a.blob.size },
                    })}
                  />
                  <label for={`kept-${i}`}>{a.fileName}</label>
                </div>
              ))}
            </fieldset>
          ) : null}
          {inlineKept.map((a) => (
            <input
              type="hidden"
              name="inlineKept"
              data-attachment={JSON.stringify({
                fileName: a.fileName,
                contentType: a.contentType,
                blob: { sha256: a.blob.sha256, size: a.blob.size },
                contentId: a.contentId,
                inline: true,
              })}
            />
          ))}
          {choices.length ? (
            <fieldset>
              <legend>{t('offeredAttachments')}</legend>
              {choices.map((a) => (
                <div class="field check">
                  <input
                    type="checkbox"
                    id={`offered-${a.id}`}
                    name="offered"
                    value={a.id}
                    data-attachment={JSON.stringify({
                      fileName: a.fileName,
                      contentType: a.contentType,
                      blob: a.blob,
                    })}
                  />
                  <label for={`offered-${a.id}`}>{a.fileName}</label>
                </div>
              ))}
            </fieldset>
          ) : null}
          <div class="field">
            <label for="files">{t('attachments')}</label>
            <input id="files" type="file" name="file" data-field="attachments" multiple />
            <small class="help">{t('attachmentsHelp')}</small>
          </div>
          <progress max={100} value={0} hidden aria-label={t('uploading')} />
          <div class="actions">
            <button type="submit" name="mode" value="send" class="primary">
              {t('sendNow')}
            </button>
            <button type="submit" name="mode" value="draft">
              {t('saveDraft')}
            </button>
          </div>
        </form>
      </Page>,
    );
  });
}
