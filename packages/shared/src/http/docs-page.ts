/**
 * `/docs`: the Swagger UI reference page, served from the `swagger-ui-dist`
 * package so it works offline (no CDN). The page has no inline script, so a
 * strict Content-Security-Policy can still be applied in front of it.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Env, Hono } from 'hono';

const assets: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const distDir = () =>
  dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

const page = (title: string) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} — API reference</title>
<link rel="icon" href="/docs/favicon-32x32.png">
<link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
<main id="swagger-ui"></main>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>`;

const init = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true, persistAuthorization: false });`;

/** Adds `/docs` and its assets to the app. Assets are read once, on first request. */
export function registerDocsPage<E extends Env>(app: Hono<E>, title: string): void {
  const cache = new Map<string, Uint8Array>();
  app.get('/docs', (c) => c.html(page(title)));
  app.get('/docs/init.js', (c) =>
    c.body(init, 200, { 'content-type': 'text/javascript; charset=utf-8' }),
  );
  app.get('/docs/:file', async (c) => {
    const file = c.req.param('file');
    const type = assets[file];
    if (!type) {
      return c.notFound();
    }
    let body = cache.get(file);
    if (!body) {
      body = new Uint8Array(await readFile(join(distDir(), file)));
      cache.set(file, body);
    }
    return c.body(body as Uint8Array<ArrayBuffer>, 200, {
      'content-type': type,
      'cache-control': 'public, max-age=86400',
    });
  });
}
