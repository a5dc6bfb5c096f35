/**
 * Uploads with a progress bar: a `<form data-upload="<api url>">` posts its
 * file through the console's API forwarding with XMLHttpRequest, shows the
 * progress in its `<progress>`, and reloads the page when done (or shows the
 * problem next to the field).
 * @module
 */
import { type Problem, send, showProblem } from './api';

for (const form of document.querySelectorAll<HTMLFormElement>('form[data-upload]')) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const bar = form.querySelector('progress');
    const banner = form.querySelector<HTMLElement>('.problem-live');
    const button = form.querySelector<HTMLButtonElement>('button[type="submit"]');
    const data = new FormData(form);
    data.delete('_csrf');
    if (bar) {
      bar.hidden = false;
      bar.value = 0;
    }
    if (button) {
      button.disabled = true;
    }
    try {
      const { status, json } = await send('POST', form.dataset.upload ?? '', data, (f) => {
        if (bar) {
          bar.value = Math.round(f * 100);
        }
      });
      if (status >= 200 && status < 300) {
        window.location.assign(form.dataset.done ?? window.location.pathname);
        return;
      }
      if (banner) {
        showProblem(form, banner, (json as Problem) ?? { title: `HTTP ${status}` });
      }
    } catch (err) {
      if (banner) {
        showProblem(form, banner, { title: (err as Error).message });
      }
    } finally {
      if (button) {
        button.disabled = false;
      }
    }
  });
}
