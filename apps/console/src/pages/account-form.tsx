/**
 * The connector-specific account form (used by the guided setup and the
 * account card) and the mapping from its fields to the API's request.
 * Field names are the API's paths, so a problem's `errors[].path` lands on its field.
 * @module
 */
import type { ConfigSchema } from '@verzend/client';
import type { ShownProblem } from '../api/problem';
import type { Ctx } from '../context';
import type { MessageKey } from '../i18n';
import { Input, Select, TextArea } from '../ui/form';

type Account = ConfigSchema<'Account'>;
/** An app registration as the account form offers it. */
export type RegistrationChoice = Pick<ConfigSchema<'AppRegistration'>, 'id' | 'name'>;
export type ConnectorName = 'microsoft365' | 'current-user' | 'smtp' | 'capture';

/** The connectors, with their label and the one line on when to use each. */
export const CONNECTORS: { value: ConnectorName; label: MessageKey; when: MessageKey }[] = [
  { value: 'microsoft365', label: 'connectorMicrosoft365', when: 'whenMicrosoft365' },
  { value: 'current-user', label: 'connectorCurrentUser', when: 'whenCurrentUser' },
  { value: 'smtp', label: 'connectorSmtp', when: 'whenSmtp' },
  { value: 'capture', label: 'connectorCapture', when: 'whenCapture' },
];

/** The pre-filled rate limit per connector (Business Central's defaults). */
export const DEFAULT_RATE: Record<ConnectorName, number> = {
  microsoft365: 30,
  'current-user': 30,
  smtp: 0,
  capture: 0,
};

/** Which secret each connector takes from the form. */
const SECRET_OF: Record<ConnectorName, 'password' | 'clientSecret' | undefined> = {
  smtp: 'password',
  microsoft365: 'clientSecret',
  'current-user': 'clientSecret',
  capture: undefined,
};

/** Form values as strings (what the browser sent, or what an account has). */
export type FormValues = Record<string, string>;

/** An account's values for the form. */
export function valuesOf(account: Account): FormValues {
  const s = account.settings as Record<string, unknown>;
  const out: FormValues = {
    name: account.name,
    emailAddress: account.emailAddress,
    connector: account.settings.connector,
    rateLimitPerMinute: String(account.rateLimitPerMinute),
  };
  for (const [k, v] of Object.entries(s)) {
    if (k === 'allowlist' && Array.isArray(v)) {
      out['settings.allowlist'] = v.join('\n');
    } else if (k === 'oauth' && v && typeof v === 'object') {
      for (const [ok, ov] of Object.entries(v)) {
        if (typeof ov === 'string') {
          out[`settings.oauth.${ok}`] = ov;
        }
      }
    } else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
      out[`settings.${k}`] = String(v);
    }
  }
  return out;
}

/** The API body (create or update) from the form. An empty secret field keeps the stored one. */
export function bodyOf(form: FormValues): Record<string, unknown> {
  const connector = (form.connector ?? 'capture') as ConnectorName;
  const v = (k: string) => (form[`settings.${k}`] ?? '').trim();
  const opt = (k: string) => (v(k) ? { [k]: v(k) } : {});
  // The company's app registration, and the tenant and client id that override it.
  const appRef = (prefix: string) => ({
    ...opt(`${prefix}appRegistrationId`),
    ...opt(`${prefix}tenantId`),
    ...opt(`${prefix}clientId`),
  });
  const rename = (o: Record<string, string>, prefix: string) =>
    Object.fromEntries(Object.entries(o).map(([k, x]) => [k.slice(prefix.length), x]));
  let settings: Record<string, unknown>;
  switch (connector) {
    case 'smtp': {
      const auth = v('auth') || 'basic';
      settings = {
        connector,
        host: v('host'),
        port: Number(v('port') || 587),
        tls: v('tls') || 'starttls',
        auth,
        ...opt('userName'),
        ...opt('senderName'),
        ...(auth === 'oauth2' ? { oauth: rename(appRef('oauth.'), 'oauth.') } : {}),
      };
      break;
    }
    case 'microsoft365':
      settings = {
        connector,
        ...appRef(''),
        sharedMailbox: v('sharedMailbox'),
        mode: v('mode') || 'app-only',
      };
      break;
    case 'current-user':
      settings = {
        connector,
        ...appRef(''),
        ...opt('redirectUri'),
      };
      break;
    default:
      settings = {
        connector: 'capture',
        allowlist: v('allowlist')
          .split(/\s*[\n,]\s*/)
          .filter(Boolean),
      };
  }
  const secretName = SECRET_OF[connector];
  const secret = secretName ? (form[`secrets.${secretName}`] ?? '') : '';
  const rate = (form.rateLimitPerMinute ?? '').trim();
  return {
    name: (form.name ?? '').trim(),
    emailAddress: (form.emailAddress ?? '').trim(),
    settings,
    ...(rate === '' ? {} : { rateLimitPerMinute: Number(rate) }),
    ...(secret && secretName ? { secrets: { [secretName]: secret } } : {}),
  };
}

/** The fields of one connector, with help texts and errors next to them. */
export function AccountFields({
  c,
  connector,
  values,
  problem,
  secretsSet = [],
  registrations = [],
}: {
  c: Ctx;
  connector: ConnectorName;
  values: FormValues;
  problem: ShownProblem | undefined;
  secretsSet?: readonly string[];
  /** The company's app registrations (Microsoft 365, Current User, SMTP OAuth). */
  registrations?: readonly RegistrationChoice[];
}) {
  const { t } = c.get('i18n');
  const field = (name: string, label: MessageKey, extra: Record<string, unknown> = {}) => (
    <Input name={name} label={t(label)} value={values[name]} problem={problem} {...extra} />
  );
  const secretName = SECRET_OF[connector];
  /** The app registration choice and the tenant and client id that override it. */
  const appFields = (prefix: string) => (
    <fieldset>
      <legend>{t('appRegistrationField')}</legend>
      <Select
        name={`${prefix}appRegistrationId`}
        label={t('appRegistration')}
        help={t('appRegistrationFieldHelp')}
        value={values[`${prefix}appRegistrationId`] ?? ''}
        problem={problem}
        options={[
          { value: '', label: t('none') },
          ...registrations.map((r) => ({ value: r.id, label: r.name })),
        ]}
      />
      <p>
        <a href="/app-registrations">{t('manageAppRegistrations')}</a>
      </p>
      {field(`${prefix}tenantId`, 'tenantId', { help: t('tenantIdHelp') })}
      {field(`${prefix}clientId`, 'clientId', { help: t('clientIdHelp') })}
    </fieldset>
  );
  return (
    <>
      <input type="hidden" name="connector" value={connector} />
      {field('name', 'name', { required: true })}
      {field('emailAddress', 'emailAddress', {
        type: 'email',
        required: true,
        autocomplete: 'email',
      })}
      {connector === 'smtp' ? (
        <>
          {field('settings.host', 'host', { required: true, help: t('hostHelp') })}
          {field('settings.port', 'port', { type: 'number', min: 1, max: 65535 })}
          <Select
            name="settings.tls"
            label={t('tls')}
            value={values['settings.tls'] ?? 'starttls'}
            problem={problem}
            options={[
              { value: 'starttls', label: 'STARTTLS' },
              { value: 'tls', label: 'TLS' },
              { value: 'none', label: t('none') },
            ]}
          />
          <Select
            name="settings.auth"
            label={t('auth')}
            value={values['settings.auth'] ?? 'basic'}
            problem={problem}
            options={[
              { value: 'basic', label: 'Basic' },
              { value: 'oauth2', label: 'OAuth 2.0' },
              { value: 'anonymous', label: 'Anonymous' },
            ]}
          />
          {field('settings.userName', 'userName', { autocomplete: 'username' })}
          {field('settings.senderName', 'senderName')}
          {appFields('settings.oauth.')}
        </>
      ) : null}
      {connector === 'microsoft365' || connector === 'current-user' ? appFields('settings.') : null}
      {connector === 'microsoft365'
        ? field('settings.sharedMailbox', 'sharedMailbox', { type: 'email', required: true })
        : null}
      {connector === 'current-user'
        ? field('settings.redirectUri', 'redirectUri', { type: 'url', help: t('redirectUriHelp') })
        : null}
      {connector === 'capture' ? (
        <TextArea
          name="settings.allowlist"
          label={t('allowlist')}
          help={t('allowlistHelp')}
          value={values['settings.allowlist']}
          problem={problem}
        />
      ) : null}
      {field('rateLimitPerMinute', 'rateLimit', {
        type: 'number',
        min: 0,
        help: t('rateLimitHelp'),
      })}
      {secretName ? (
        <fieldset>
          <legend>{t('secrets')}</legend>
          <p class="help">{t('secretsHelp')}</p>
          <Input
            name={`secrets.${secretName}`}
            type="password"
            autocomplete="new-password"
            label={`${t(secretName === 'password' ? 'password' : 'clientSecret')} (${
              secretsSet.includes(secretName) ? t('secretSet') : t('secretNotSet')
            }) — ${secretsSet.includes(secretName) ? t('secretReplace') : t('secretSetNew')}`}
            problem={problem}
          />
        </fieldset>
      ) : null}
    </>
  );
}

/** The company's app registrations, for the connectors that use one (none for capture). */
export async function registrationsFor(
  c: Ctx,
  connector: ConnectorName,
): Promise<RegistrationChoice[]> {
  if (connector === 'capture') {
    return [];
  }
  const { data } = await c.get('api').config.GET('/v1/app-registrations');
  return (data?.items ?? []).map((r) => ({ id: r.id, name: r.name }));
}

/** Reads a submitted form as strings. */
export async function formValues(c: Ctx): Promise<FormValues> {
  const body = await c.req.parseBody();
  const out: FormValues = {};
  for (const [k, v] of Object.entries(body)) {
    if (typeof v === 'string' && k !== '_csrf') {
      out[k] = v;
    }
  }
  return out;
}

/** The outcome of "Send test email": the dispatcher's message, as success or failure. */
export function TestOutcome({
  c,
  result,
}: {
  c: Ctx;
  result: { ok: boolean; message: string } | undefined;
}) {
  if (!result) {
    return null;
  }
  const { t } = c.get('i18n');
  return (
    <div class={result.ok ? 'notice' : 'problem'} role="alert">
      <strong>{result.ok ? t('testOk') : t('testFailed')}</strong>
      <p>{result.message}</p>
    </div>
  );
}
