/**
 * Uploads with a progress bar: a `<form data-upload="<api url>">` posts its
 * file through the console's API forwarding with XMLHttpRequest, shows the
 * progress in its `<progress>`, and reloads the page when done (or shows the
 * problem next to the field).
 * @module
 */
import { send, submitWithProgress } from './api';

for (const form of document.querySelectorAll<HTMLFormElement>('form[data-upload]')) {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    data.delete('_csrf');
    void submitWithProgress(
      form,
      (onProgress) => send('POST', form.dataset.upload ?? '', data, onProgress),
      () => form.dataset.done ?? window.location.pathname,
    );
  });
}
