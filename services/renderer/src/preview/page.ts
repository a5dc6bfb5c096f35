/**
 * The designer preview page served at `GET /preview`: pick a .docx layout and a
 * JSON file with sample data, see the email as it will be sent (sandboxed
 * frames at desktop and phone width), its text part, warnings, sizes, and every
 * layout error with its tag and context. It renders again on every change of
 * layout or data (debounced), takes the language from the data's
 * `LanguageCode` and the PayPal amount from the configured amount field
 * (Business Central's `TotalAmountInclVAT` by default). Static: the page needs no token, its API calls use the bearer
 * token the designer pastes (kept in sessionStorage only). Everything from the
 * server is shown with textContent or in a sandboxed frame, never as markup.
 * @module
 */

/** Content-Security-Policy of the page: its own inline script and style, API calls to itself. */
export const PREVIEW_PAGE_CSP =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; frame-src 'self' about: blob:; img-src data:; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

/** The page. */
export const PREVIEW_PAGE = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Verzend — layout preview</title>
<style>
  body { font-family: system-ui, 'Segoe UI', Arial, sans-serif; margin: 0; color: #1f1f1f; background: #f4f5f7; }
  header { background: #1f4e79; color: #fff; padding: 12px 20px; }
  header h1 { margin: 0; font-size: 18px; font-weight: 600; }
  main { display: grid; grid-template-columns: 340px 1fr; gap: 16px; padding: 16px 20px; }
  form, section { background: #fff; border: 1px solid #dde1e6; border-radius: 6px; padding: 14px; }
  label { display: block; font-size: 13px; font-weight: 600; margin: 10px 0 4px; }
  input[type=text], input[type=password], select { width: 100%; box-sizing: border-box; padding: 6px; }
  button { margin-top: 14px; padding: 8px 16px; background: #1f4e79; color: #fff; border: 0; border-radius: 4px; cursor: pointer; }
  #status { margin-top: 10px; font-size: 13px; }
  .frames { display: flex; gap: 16px; align-items: flex-start; overflow-x: auto; }
  .frames figure { margin: 0; }
  .frames figcaption { font-size: 12px; color: #666; margin-bottom: 4px; }
  iframe { height: 640px; border: 1px solid #dde1e6; background: #fff; }
  #frame { width: 760px; } #phone { width: 375px; } #pdfFrame { width: 100%; }
  pre { white-space: pre-wrap; background: #f8f8f8; padding: 8px; max-height: 260px; overflow: auto; }
  ul { padding-left: 18px; } li { margin: 4px 0; font-size: 13px; }
  .error { color: #a4262c; } .warning { color: #8a6100; } .muted { color: #666; font-size: 12px; }
  code { background: #eef; padding: 0 3px; }
</style>
</head>
<body>
<header><h1>Layout preview</h1></header>
<main>
  <form id="form">
    <label for="token">Bearer token</label>
    <input id="token" type="password" autocomplete="off" placeholder="Paste your API token">
    <label for="layout">Word layout (.docx)</label>
    <input id="layout" type="file" accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document">
    <label for="layoutId">…or a stored layout id</label>
    <input id="layoutId" type="text" placeholder="e.g. invoice-email">
    <label for="data">Sample data (.json)</label>
    <input id="data" type="file" accept=".json,application/json">
    <label for="locale">Language <span class="muted">(from the data's <code>LanguageCode</code> when it has one)</span></label>
    <input id="locale" type="text" value="nl-NL">
    <label for="currency">Currency</label>
    <input id="currency" type="text" value="EUR">
    <label><input id="strict" type="checkbox"> Strict (missing values are errors)</label>
    <label><input id="headerFooter" type="checkbox" checked> Layout header and footer</label>
    <label><input id="paypal" type="checkbox"> Show the PayPal link (sandbox)</label>
    <label for="amountField">PayPal amount field in the data</label>
    <input id="amountField" type="text" value="TotalAmountInclVAT">
    <label><input id="pdf" type="checkbox"> Also print the PDF (the attachment the customer gets)</label>
    <label><input id="pdfA" type="checkbox"> as PDF/A-2b (archival)</label>
    <button id="render" type="submit">Render</button>
    <div id="status" role="status"></div>
    <p class="muted">The email is shown as it will be sent; images are inline attachments in the real email.</p>
  </form>
  <div>
    <section>
      <div id="sizes" class="muted"></div>
      <div class="frames">
        <figure><figcaption>Desktop (760 px)</figcaption><iframe id="frame" title="Email preview, desktop width" sandbox=""></iframe></figure>
        <figure><figcaption>Phone (375 px)</figcaption><iframe id="phone" title="Email preview, phone width" sandbox=""></iframe></figure>
      </div>
    </section>
    <section id="pdfSection" hidden>
      <div class="muted"><span id="pdfInfo"></span> · <a id="pdfLink" download="preview.pdf" href="#">Download the PDF</a></div>
      <iframe id="pdfFrame" title="Printed PDF"></iframe>
    </section>
    <section>
      <h2>Errors</h2><ul id="errors"></ul>
      <h2>Warnings</h2><ul id="warnings"></ul>
      <h2>Text part</h2><pre id="text"></pre>
    </section>
  </div>
</main>
<script>
(function () {
  var $ = function (id) { return document.getElementById(id); };
  var saved = sessionStorage.getItem('verzend-token');
  if (saved) { $('token').value = saved; }
  var savedField = localStorage.getItem('verzend-amount-field');
  if (savedField) { $('amountField').value = savedField; }
  // Renders run one at a time; a change while one runs asks for one more after it.
  var timer = null, running = false, again = false;
  function item(list, cls, parts) {
    var li = document.createElement('li');
    li.className = cls;
    parts.forEach(function (p) {
      if (!p) { return; }
      var span = document.createElement(p.code ? 'code' : 'span');
      span.textContent = p.text;
      li.appendChild(span);
      li.appendChild(document.createTextNode(' '));
    });
    list.appendChild(li);
  }
  function clear() {
    ['errors', 'warnings'].forEach(function (id) { $(id).textContent = ''; });
    $('text').textContent = '';
    $('sizes').textContent = '';
    $('frame').srcdoc = '';
    $('phone').srcdoc = '';
    if ($('pdfFrame').src) { URL.revokeObjectURL($('pdfFrame').src); }
    $('pdfFrame').removeAttribute('src');
    $('pdfSection').hidden = true;
  }
  function showPdf(base64, pages) {
    var bytes = Uint8Array.from(atob(base64), function (c) { return c.charCodeAt(0); });
    var url = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
    $('pdfInfo').textContent = 'Printed PDF: ' + pages + ' page(s), ' + bytes.length + ' bytes';
    $('pdfLink').href = url;
    $('pdfFrame').src = url;
    $('pdfSection').hidden = false;
  }
  /** A value by dotted path ("Totals.AmountInclVAT"), own properties only. */
  function pick(obj, path) {
    return String(path).split('.').reduce(function (v, k) {
      return v !== null && typeof v === 'object' && Object.prototype.hasOwnProperty.call(v, k) ? v[k] : undefined;
    }, obj);
  }
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(render, 400);
  }
  // The data's language (Business Central's LanguageCode, e.g. NLD) becomes the preview's.
  $('data').addEventListener('change', function () {
    var file = $('data').files[0];
    if (!file) { return; }
    file.text().then(function (text) {
      var sample = null;
      try { sample = JSON.parse(text); } catch (e) { sample = null; }
      var code = sample && typeof sample.LanguageCode === 'string' ? sample.LanguageCode.trim() : '';
      if (/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(code)) { $('locale').value = code; }
      schedule();
    });
  });
  ['layout', 'layoutId', 'locale', 'currency', 'strict', 'headerFooter', 'paypal', 'amountField', 'pdf', 'pdfA'].forEach(function (id) {
    $(id).addEventListener(id === 'layoutId' || id === 'locale' || id === 'currency' || id === 'amountField' ? 'input' : 'change', schedule);
  });
  $('amountField').addEventListener('change', function () {
    localStorage.setItem('verzend-amount-field', $('amountField').value.trim());
  });
  $('form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    clearTimeout(timer);
    render();
  });
  function render() {
    if (running) { again = true; return; }
    var layout = $('layout').files[0];
    var layoutId = $('layoutId').value.trim();
    var data = $('data').files[0];
    if ((!layout && !layoutId) || !data) { $('status').textContent = 'Pick a .docx layout (or give a stored layout id) and a .json data file.'; return; }
    running = true;
    clear();
    var token = $('token').value.trim();
    sessionStorage.setItem('verzend-token', token);
    var body = new FormData();
    if (layout) { body.append('layout', layout); } else { body.append('layoutId', layoutId); }
    body.append('data', data);
    body.append('locale', $('locale').value.trim());
    if ($('currency').value.trim()) { body.append('currency', $('currency').value.trim()); }
    body.append('strict', $('strict').checked ? 'true' : 'false');
    body.append('headerFooter', $('headerFooter').checked ? 'true' : 'false');
    if ($('pdf').checked) { body.append('pdf', 'true'); body.append('pdfA', $('pdfA').checked ? 'true' : 'false'); }
    $('status').textContent = 'Rendering…';
    data.text()
      .then(function (text) {
        if ($('paypal').checked) {
          var sample = {};
          try { sample = JSON.parse(text); } catch (e) { sample = {}; }
          var field = $('amountField').value.trim() || 'TotalAmountInclVAT';
          var amount = Number(pick(sample, field));
          if (!isFinite(amount)) {
            item($('warnings'), 'warning', [{ text: 'AMOUNT_FIELD', code: true }, { text: 'The data has no number in ' + field + ', so there is no PayPal link.' }]);
            amount = 0;
          }
          body.append('payment', JSON.stringify({
            merchantEmail: 'designer@example.com',
            environment: 'sandbox',
            linkText: 'Pay with PayPal',
            amount: amount,
            currency: $('currency').value.trim() || 'EUR',
            documentNo: String(sample.DocumentNo || 'PREVIEW').slice(0, 64),
            itemName: 'Preview ' + String(sample.DocumentNo || '').slice(0, 100),
            documentType: 'sales-invoice'
          }));
        }
        return fetch('/v1/preview', { method: 'POST', body: body, headers: { authorization: 'Bearer ' + token } });
      })
      .then(function (res) { return res.json().then(function (json) { return { res: res, json: json }; }); })
      .then(function (r) {
        if (!r.res.ok) {
          $('status').textContent = r.json.title + ': ' + r.json.detail;
          $('status').className = 'error';
          (r.json.errors || []).forEach(function (e) {
            item($('errors'), 'error', [
              e.code ? { text: e.code, code: true } : null,
              e.tag ? { text: '{' + e.tag + '}', code: true } : null,
              { text: e.message },
              e.context ? { text: '— in: “' + e.context + '”' } : null,
            ]);
          });
          return;
        }
        var j = r.json;
        $('status').className = '';
        $('status').textContent = 'Rendered in ' + j.durationMs + ' ms (' + j.path + ' path).';
        $('sizes').textContent = 'HTML ' + j.sizes.htmlBytes + ' bytes · text ' + j.sizes.textBytes + ' bytes · ' + j.inlineImages.length + ' inline image(s)';
        $('frame').srcdoc = j.previewHtml || '';
        $('phone').srcdoc = j.previewHtml || '';
        $('text').textContent = j.text || '';
        if (j.pdf) { showPdf(j.pdf, j.pdfPages); }
        j.warnings.forEach(function (w) {
          item($('warnings'), 'warning', [
            { text: w.code, code: true },
            w.tag ? { text: '{' + w.tag + '}', code: true } : null,
            { text: w.message },
          ]);
        });
      })
      .catch(function (err) {
        $('status').className = 'error';
        $('status').textContent = 'The preview failed: ' + err.message;
      })
      .then(function () {
        running = false;
        if (again) { again = false; render(); }
      });
  }
})();
</script>
</body>
</html>
`;
