/**
 * Browser helpers shared by the page scripts: the CSRF token from the page,
 * uploads with progress (XMLHttpRequest: fetch has no upload progress), and
 * showing a problem+json next to the field it names.
 * @module
 */

/** A problem as the APIs answer it. */
export interface Problem {
  title: string;
  detail?: string;
  status?: number;
  errors?: { path: string; message: string }[];
}

/** The page's CSRF token (the session cookie itself is httpOnly). */
export function csrfToken(): string {
  return document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? '';
}

/** Sends a body through the console's API forwarding, reporting upload progress (0..1). */
export function send(
  method: string,
  url: string,
  body: FormData | Blob | string,
  onProgress: (fraction: number) => void,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, url);
    xhr.setRequestHeader('x-csrf-token', csrfToken());
    for (const [k, v] of Object.entries(headers)) {
      xhr.setRequestHeader(k, v);
    }
    xhr.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable) {
        onProgress(e.loaded / e.total);
      }
    });
    xhr.addEventListener('load', () => {
      let json: unknown;
      try {
        json = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        json = undefined;
      }
      onProgress(1);
      resolve({ status: xhr.status, json });
    });
    xhr.addEventListener('error', () => reject(new Error('The connection failed.')));
    xhr.send(body);
  });
}

/** Shows a problem: the banner gets title and detail, each named field its message. */
export function showProblem(form: HTMLElement, banner: HTMLElement, problem: Problem): void {
  for (const old of form.querySelectorAll('.field-error.live')) {
    old.remove();
  }
  for (const el of form.querySelectorAll('[aria-invalid]')) {
    el.removeAttribute('aria-invalid');
  }
  banner.hidden = false;
  banner.replaceChildren();
  const title = document.createElement('strong');
  title.textContent = problem.title;
  banner.append(title);
  if (problem.detail) {
    const p = document.createElement('p');
    p.textContent = problem.detail;
    banner.append(p);
  }
  for (const issue of problem.errors ?? []) {
    const name = issue.path.split('.')[0] ?? '';
    const field = form.querySelector<HTMLElement>(
      `[data-field="${CSS.escape(name)}"], [name="${CSS.escape(name)}"]`,
    );
    if (!field) {
      continue;
    }
    const msg = document.createElement('small');
    msg.className = 'field-error live';
    msg.id = `${field.id || name}-live-error`;
    msg.textContent = issue.message;
    field.setAttribute('aria-invalid', 'true');
    field.setAttribute('aria-describedby', msg.id);
    field.insertAdjacentElement('afterend', msg);
  }
  banner.focus();
}

/**
 * Runs a form's request with its `<progress>` bar filling and its submit buttons disabled;
 * on success the browser goes where `next` says, else the problem is shown in the form's
 * `.problem-live` banner and next to the fields it names.
 */
export async function submitWithProgress(
  form: HTMLFormElement,
  request: (onProgress: (fraction: number) => void) => Promise<{ status: number; json: unknown }>,
  next: (json: unknown) => string,
): Promise<void> {
  const bar = form.querySelector('progress');
  const banner = form.querySelector<HTMLElement>('.problem-live');
  const buttons = form.querySelectorAll<HTMLButtonElement>('button[type="submit"]');
  if (bar) {
    bar.hidden = false;
    bar.value = 0;
  }
  for (const b of buttons) {
    b.disabled = true;
  }
  try {
    const { status, json } = await request((f) => {
      if (bar) {
        bar.value = Math.round(f * 100);
      }
    });
    if (status >= 200 && status < 300) {
      window.location.assign(next(json));
      return;
    }
    if (banner) {
      showProblem(form, banner, (json as Problem | undefined) ?? { title: `HTTP ${status}` });
    }
  } catch (err) {
    if (banner) {
      showProblem(form, banner, { title: (err as Error).message });
    }
  } finally {
    for (const b of buttons) {
      b.disabled = false;
    }
  }
}
