/**
 * Every page of the console, one route group per file.
 * @module
 */
import type { Hono } from 'hono';
import { unwrap } from '../api/problem';
import type { ConsoleEnv } from '../context';
import { NAV, Page } from '../ui/layout';
import { registerAccountPages } from './accounts';
import { registerActivityPage } from './activity';
import { registerAppRegistrationPages } from './app-registrations';
import { registerComposePage } from './compose';
import { registerEmailPages } from './emails';
import { registerLayoutPages } from './layouts';
import { registerScenarioPages } from './scenarios';
import { registerSetupPages } from './setup';
import { registerRecordPages } from './setup-records';
import { registerViewPolicyPages } from './view-policies';

/** Registers the home page and every page group. */
export function registerPages(app: Hono<ConsoleEnv>): void {
  app.get('/', async (c) => {
    const { items } = await unwrap(c.get('api').config.GET('/v1/accounts'));
    if (items.length === 0) {
      return c.redirect('/setup', 302);
    }
    const { t } = c.get('i18n');
    return c.html(
      <Page c={c} title={t('appName')}>
        <ul class="cards">
          {NAV.map((item) => (
            <li>
              <a href={item.path}>{t(item.key)}</a>
            </li>
          ))}
        </ul>
      </Page>,
    );
  });
  registerSetupPages(app);
  registerAccountPages(app);
  registerAppRegistrationPages(app);
  registerScenarioPages(app);
  registerViewPolicyPages(app);
  registerLayoutPages(app);
  registerComposePage(app);
  registerEmailPages(app);
  registerRecordPages(app);
  registerActivityPage(app);
}
