/**
 * Activity: sent and failed per account per day over the whole history (the
 * dispatcher's counters, `GET /v1/activity`, never a scan of emails), each
 * account's current throttle state (`GET /v1/throttle`, every account in one
 * call), and recent failures with the reason and the fix to try. All four
 * calls go out at once: the page waits on one round trip.
 * @module
 */
import type { Hono } from 'hono';
import { unwrap } from '../api/problem';
import type { ConsoleEnv, Ctx } from '../context';
import { Input } from '../ui/form';
import { Page } from '../ui/layout';
import { DataTable } from '../ui/table';

/** Recent failures listed (one API page). */
const FAILURES = 20;
/**
 * Throttle states asked for: the most one API page holds. Accounts past it (a
 * company with more) show "—" rather than cost the page a second round trip.
 */
const THROTTLE_PAGE = 500;

/** The fix to try for a failure, by what the reason says. */
export function fixFor(reason: string, lang: 'en' | 'nl'): string {
  const r = reason.toLowerCase();
  const fixes: [RegExp, string, string][] = [
    [
      /auth|credential|535|password|invalid_client|aadsts7000215/,
      'Check the account’s user name and password or client secret, then send again.',
      'Controleer de gebruikersnaam en het wachtwoord of clientgeheim van het account en verzend opnieuw.',
    ],
    [
      /consent|aadsts65001|refresh token|mfa|aadsts50076/,
      'Connect the mailbox again (the sign-in expired or consent was withdrawn).',
      'Verbind het postvak opnieuw (de aanmelding is verlopen of de toestemming ingetrokken).',
    ],
    [
      /recipient|mailbox unavailable|550|invalidrecipients/,
      'Correct the recipient’s address and send again.',
      'Corrigeer het adres van de ontvanger en verzend opnieuw.',
    ],
    [
      /too large|size|413|552/,
      'Make the attachments smaller or send fewer at once.',
      'Maak de bijlagen kleiner of verstuur er minder tegelijk.',
    ],
    [
      /throttl|429|rate/,
      'Lower the account’s rate limit; the email is retried automatically.',
      'Verlaag het maximum per minuut van het account; de e-mail wordt automatisch opnieuw geprobeerd.',
    ],
    [
      /allowlist/,
      'Add the address to the account’s allowed recipients, or send through another account.',
      'Voeg het adres toe aan de toegestane ontvangers van het account, of verstuur via een ander account.',
    ],
    [
      /connect|timeout|econn|dns|enotfound/,
      'Check the server name and port, and that the server is reachable.',
      'Controleer de servernaam en poort, en of de server bereikbaar is.',
    ],
  ];
  const hit = fixes.find(([re]) => re.test(r));
  return hit
    ? hit[lang === 'nl' ? 2 : 1]
    : lang === 'nl'
      ? 'Open de e-mail voor de details van elke poging.'
      : 'Open the email for the details of each attempt.';
}

const isDay = (v: string | undefined) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);

async function activityPage(c: Ctx) {
  const { t, number, date, lang } = c.get('i18n');
  const api = c.get('api');
  const from = isDay(c.req.query('from'));
  const to = isDay(c.req.query('to'));
  const [accounts, activity, failed, throttles] = await Promise.all([
    unwrap(api.config.GET('/v1/accounts')),
    unwrap(
      api.dispatcher.GET('/v1/activity', {
        params: { query: { ...(from ? { from } : {}), ...(to ? { to } : {}) } },
      }),
    ),
    unwrap(
      api.dispatcher.GET('/v1/outbox', {
        params: { query: { limit: FAILURES, status: 'failed' } },
      }),
    ),
    // Live state is extra: when the dispatcher cannot give it, the counts still show ("—").
    api.dispatcher
      .GET('/v1/throttle', { params: { query: { limit: THROTTLE_PAGE } } })
      .then((r) => new Map((r.data?.items ?? []).map((s) => [s.accountId, s]))),
  ]);
  const name = (id: string) => accounts.items.find((a) => a.id === id)?.name ?? id;
  const dayFmt = new Intl.DateTimeFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', {
    dateStyle: 'medium',
    timeZone: 'UTC',
  });
  const total = activity.items.reduce(
    (sum, r) => ({ sent: sum.sent + r.sent, failed: sum.failed + r.failed }),
    { sent: 0, failed: 0 },
  );
  return c.html(
    <Page c={c} title={t('activity')}>
      <h2>{t('sentPerDay')}</h2>
      <form method="get" action="/activity" class="row">
        <Input name="from" type="date" label={t('fromDay')} value={activity.from} />
        <Input name="to" type="date" label={t('toDay')} value={activity.to} />
        <button type="submit">{t('filter')}</button>
      </form>
      <DataTable
        headers={[t('day'), t('account'), t('statusSent'), t('failed')]}
        empty={t('emptyList')}
        rows={[
          ...activity.items.map((r) => [
            dayFmt.format(new Date(`${r.day}T00:00:00Z`)),
            name(r.accountId),
            number(r.sent),
            number(r.failed),
          ]),
          ...(activity.items.length
            ? [[<strong>{t('total')}</strong>, '', number(total.sent), number(total.failed)]]
            : []),
        ]}
      />
      <h2>{t('throttle')}</h2>
      <DataTable
        headers={[t('account'), t('rateLimit'), t('inWindow'), t('inFlight')]}
        rows={accounts.items.map((a) => {
          const state = throttles.get(a.id);
          return [
            a.name,
            number(a.rateLimitPerMinute),
            state ? number(state.sendsInWindow) : '—',
            state ? number(state.inFlight) : '—',
          ];
        })}
      />
      <h2>{t('recentFailures')}</h2>
      {failed.items.length === 0 ? (
        <p>{t('emptyList')}</p>
      ) : (
        <ul>
          {failed.items.map((e) => (
            <li>
              <a href={`/emails/${e.id}`}>{e.subject || '—'}</a> ({name(e.accountId)},{' '}
              {date(e.updatedAt)}): <span class="last-error">{e.lastError}</span>
              <p class="help">{fixFor(e.lastError ?? '', lang)}</p>
            </li>
          ))}
        </ul>
      )}
    </Page>,
  );
}

/** Registers the activity page. */
export function registerActivityPage(app: Hono<ConsoleEnv>): void {
  app.get('/activity', (c) => activityPage(c));
}
