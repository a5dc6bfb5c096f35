/**
 * The page shell: skip link, header with the navigation, language switch and
 * sign-out, one `<main>` with the page's heading, and the page's scripts.
 * @module
 */
import type { Child } from 'hono/jsx';
import type { Ctx } from '../context';
import type { MessageKey } from '../i18n';

/** The navigation, in the order the pages are used. */
export const NAV: { path: string; key: MessageKey }[] = [
  { path: '/setup', key: 'setup' },
  { path: '/accounts', key: 'accounts' },
  { path: '/app-registrations', key: 'appRegistrations' },
  { path: '/scenarios', key: 'scenarios' },
  { path: '/view-policies', key: 'viewPolicies' },
  { path: '/report-selections', key: 'reportSelections' },
  { path: '/layouts', key: 'layouts' },
  { path: '/sending-profiles', key: 'sendingProfiles' },
  { path: '/paypal', key: 'paypal' },
  { path: '/compose', key: 'compose' },
  { path: '/outbox', key: 'outbox' },
  { path: '/sent', key: 'sent' },
  { path: '/activity', key: 'activity' },
];

/** Props of {@link Page}. */
export interface PageProps {
  c: Ctx;
  title: string;
  children?: Child;
  /** Browser script entries this page loads (by name). */
  scripts?: string[];
  /** A status line announced to screen readers (e.g. "Saved."). */
  notice?: string | undefined;
}

/** A full HTML page. */
export function Page({ c, title, children, scripts = [], notice }: PageProps) {
  const { t, lang } = c.get('i18n');
  const session = c.get('session');
  const path = new URL(c.req.url).pathname;
  const back = encodeURIComponent(`${path}${new URL(c.req.url).search}`);
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="csrf-token" content={c.get('csrf')} />
        <title>{`${title} · ${t('appName')}`}</title>
        <link rel="stylesheet" href="/assets/console.css" />
      </head>
      <body>
        <a class="skip" href="#main">
          {t('skipToContent')}
        </a>
        <header class="top">
          <a class="brand" href="/">
            {t('appName')}
          </a>
          {session ? (
            <nav aria-label={t('nav')}>
              <ul>
                {NAV.map((item) => (
                  <li>
                    <a
                      href={item.path}
                      aria-current={path.startsWith(item.path) ? 'page' : undefined}
                    >
                      {t(item.key)}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
          <div class="who">
            <span class="langs">
              <span class="sr-only">{t('language')}: </span>
              <a
                href={`/lang/en?back=${back}`}
                lang="en"
                aria-current={lang === 'en' ? 'true' : undefined}
              >
                English
              </a>
              <a
                href={`/lang/nl?back=${back}`}
                lang="nl"
                aria-current={lang === 'nl' ? 'true' : undefined}
              >
                Nederlands
              </a>
            </span>
            {session ? (
              <form method="post" action="/auth/logout" class="inline">
                <input type="hidden" name="_csrf" value={c.get('csrf')} />
                <span class="user">
                  {t('signedInAs')}{' '}
                  {session.claims.name ?? session.claims.email ?? session.claims.sub}
                </span>{' '}
                <button type="submit" class="link">
                  {t('signOut')}
                </button>
              </form>
            ) : null}
          </div>
        </header>
        <main id="main" tabindex={-1}>
          <h1>{title}</h1>
          <p role="status" class={notice ? 'notice' : 'sr-only'}>
            {notice ?? ''}
          </p>
          {children}
        </main>
        {scripts.map((name) => (
          <script type="module" src={c.get('assets')[name]} />
        ))}
      </body>
    </html>
  );
}
