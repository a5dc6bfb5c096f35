/**
 * The sign-in page: one button to the identity provider, and the provider's
 * reason when a sign-in failed.
 * @module
 */
import type { Ctx } from '../context';
import { Page } from '../ui/layout';

/** The sign-in page. */
export function SignInPage({ c, returnTo, error }: { c: Ctx; returnTo: string; error?: string }) {
  const { t } = c.get('i18n');
  const configured = c.get('signInConfigured');
  return (
    <Page c={c} title={t('signInTitle')}>
      {error ? (
        <div class="problem" role="alert">
          <strong>{t('signInFailed')}</strong>
          <p>{error}</p>
        </div>
      ) : null}
      {configured ? (
        <>
          <p>{t('signInLead')}</p>
          <p>
            <a
              class="button primary"
              href={`/auth/login?go=1&returnTo=${encodeURIComponent(returnTo)}`}
            >
              {t('signIn')}
            </a>
          </p>
        </>
      ) : (
        <p>{t('signInNotConfigured')}</p>
      )}
    </Page>
  );
}
