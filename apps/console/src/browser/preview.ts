/**
 * The embedded layout preview: renders the chosen layout (a stored one or a
 * .docx picked here) with the sample data on every change of file or data,
 * and shows the designer's errors at the tag (the tag marked in its context).
 * @module
 */
import { type Problem, send } from './api';

interface LayoutError {
  path: string;
  message: string;
  tag?: string;
  context?: string;
}

const form = document.querySelector<HTMLFormElement>('form#preview');
const frame = document.querySelector<HTMLIFrameElement>('iframe#preview-frame');
const list = document.querySelector<HTMLOListElement>('ol#preview-errors');
const status = document.querySelector<HTMLElement>('#preview-status');

/** The context with the tag marked, built with text nodes only (never parsed as HTML). */
function markTag(item: HTMLElement, error: LayoutError): void {
  const strong = document.createElement('strong');
  strong.textContent = error.message;
  item.append(strong);
  if (!error.context) {
    return;
  }
  const where = document.createElement('p');
  const context = error.context;
  // The tag as written, with its braces and loop/section sign ({#Lines}); else the bare tag.
  const escaped = (error.tag ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const found = error.tag
    ? (new RegExp(`\\{[#/^@]?\\s*${escaped}\\s*\\}`).exec(context) ?? undefined)
    : undefined;
  const start = found ? found.index : error.tag ? context.indexOf(error.tag) : -1;
  if (start < 0) {
    where.textContent = context;
  } else {
    const end = start + (found ? found[0].length : (error.tag ?? '').length);
    const mark = document.createElement('mark');
    mark.textContent = context.slice(start, end);
    where.append(context.slice(0, start), mark, context.slice(end));
  }
  item.append(where);
}

async function render(): Promise<void> {
  if (!form || !frame || !list || !status) {
    return;
  }
  const data = new FormData(form);
  const body = new FormData();
  const file = data.get('layout');
  if (file instanceof File && file.size > 0) {
    body.append('layout', file, file.name);
  } else if (data.get('layoutId')) {
    body.append('layoutId', String(data.get('layoutId')));
  } else {
    return;
  }
  body.append(
    'data',
    new Blob([String(data.get('data') || '{}')], { type: 'application/json' }),
    'data.json',
  );
  const locale = String(data.get('locale') ?? '');
  if (locale) {
    body.append('locale', locale);
  }
  status.textContent = status.dataset.busy ?? '…';
  const { status: code, json } = await send(
    'POST',
    '/api/renderer/v1/preview',
    body,
    () => undefined,
  );
  list.replaceChildren();
  if (code === 200) {
    const result = json as { previewHtml: string | null; html: string | null };
    frame.srcdoc = result.previewHtml ?? result.html ?? '';
    status.textContent = status.dataset.ok ?? 'OK';
    return;
  }
  const problem = (json as Problem & { errors?: LayoutError[] }) ?? { title: `HTTP ${code}` };
  status.textContent = `${problem.title}${problem.detail ? `: ${problem.detail}` : ''}`;
  for (const error of problem.errors ?? []) {
    const item = document.createElement('li');
    markTag(item, error);
    list.append(item);
  }
}

if (form) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void render(), 300);
  };
  form.addEventListener('change', later);
  form.addEventListener('input', later);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void render();
  });
}
