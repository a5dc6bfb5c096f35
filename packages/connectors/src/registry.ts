/**
 * The connector registry: every connector's definition and runtime factory,
 * by `settings.connector`. Config validates accounts with it (settings
 * schema, rules, secrets, defaults); the dispatcher builds its connectors from
 * it ({@link ConnectorRegistry.install}). The built-in registry is in
 * `built-in.ts`; tests and installations add connectors with
 * {@link ConnectorRegistry.with}.
 * @module
 */
import { type FieldIssue, UnprocessableError, ValidationError } from '@verzend/shared';
import { z } from 'zod';
import type { Connector, ConnectorDeps, ConnectorPlugin } from './contract';
import type {
  AppSettings,
  ConnectorDefinition,
  CredentialNeed,
  RegistrationDefaults,
  SecretField,
  SettingsBase,
} from './definition';

// biome-ignore lint/suspicious/noExplicitAny: plug-ins of any settings type live side by side.
type AnyPlugin = ConnectorPlugin<any>;

/** Every connector of an installation. Immutable: {@link with} returns a new registry. */
export class ConnectorRegistry {
  readonly #plugins: ReadonlyMap<string, ConnectorPlugin>;
  #settings: z.ZodType | undefined;

  constructor(plugins: readonly AnyPlugin[]) {
    const map = new Map<string, ConnectorPlugin>();
    for (const plugin of plugins) {
      const type = plugin.definition.type;
      if (!/^[a-z][a-z0-9-]{0,39}$/.test(type)) {
        throw new Error(`Connector type "${type}" must be lower-case letters, digits and dashes.`);
      }
      if (map.has(type)) {
        throw new Error(`Connector "${type}" is registered twice.`);
      }
      map.set(type, plugin);
    }
    this.#plugins = map;
  }

  /** A registry with these connectors added. */
  with(...plugins: AnyPlugin[]): ConnectorRegistry {
    return new ConnectorRegistry([...this.#plugins.values(), ...plugins]);
  }

  /** The registered connector types, in registration order. */
  types(): string[] {
    return [...this.#plugins.keys()];
  }

  /** The plug-in of a type. @throws UnprocessableError NOT_CONNECTED when none is registered. */
  plugin(type: string): ConnectorPlugin {
    const plugin = this.#plugins.get(type);
    if (!plugin) {
      throw new UnprocessableError(
        'NOT_CONNECTED',
        `No connector for "${type}" is installed (known: ${this.types().join(', ')}).`,
      );
    }
    return plugin;
  }

  /** The definition of a type. @throws UnprocessableError NOT_CONNECTED when none is registered. */
  definition(type: string): ConnectorDefinition {
    return this.plugin(type).definition;
  }

  /** The settings schema of every registered connector, discriminated by `connector`. */
  settingsSchema(): z.ZodType {
    if (!this.#settings) {
      const options = [...this.#plugins.values()].map((p) => p.definition.settings);
      this.#settings = z.discriminatedUnion(
        'connector',
        options as unknown as [z.ZodObject, ...z.ZodObject[]],
      );
    }
    return this.#settings;
  }

  /** Limits of a new account when the request leaves them out (Business Central's defaults). */
  defaultLimits(settings: SettingsBase) {
    const d = this.definition(settings.connector).defaults;
    return {
      rateLimitPerMinute: d.rateLimitPerMinute,
      concurrencyLimit: 3,
      maxAttempts: 5,
      dailyRecipientQuota: d.dailyRecipientQuota,
    };
  }

  /**
   * Checks what the schema cannot (the connector's own rules).
   * @throws {ValidationError} naming every offending field.
   */
  checkSettings(settings: SettingsBase): void {
    const errors: FieldIssue[] = this.definition(settings.connector).check?.(settings) ?? [];
    if (errors.length > 0) {
      const first = errors[0] as FieldIssue;
      throw new ValidationError(`The account is not valid (${first.path}: ${first.message}).`, {
        errors,
      });
    }
  }

  /** The credentials a connector cannot work without. */
  requiredSecrets(settings: SettingsBase): CredentialNeed[] {
    return this.definition(settings.connector).requiredSecrets?.(settings) ?? [];
  }

  /**
   * What is missing, one text per unmet need ("clientSecret or clientCertificate: …").
   * @param inherited secrets the account's app registration provides.
   */
  missingCredentialList(
    settings: SettingsBase,
    present: readonly SecretField[],
    inherited: readonly SecretField[] = [],
  ): string[] {
    const have = new Set([...present, ...inherited]);
    return this.requiredSecrets(settings)
      .filter((need) => !need.fields.some((f) => have.has(f)))
      .map((need) => `${need.fields.join(' or ')}: ${need.why}`);
  }

  /** The OAuth app an account signs in with through a token endpoint, when it does. */
  appSettingsOf(settings: SettingsBase): AppSettings | undefined {
    return this.definition(settings.connector).app?.of(settings);
  }

  /** The field path of the settings' app part (`settings.` or `settings.oauth.`). */
  appPath(settings: SettingsBase): string {
    return this.definition(settings.connector).app?.path ?? 'settings.';
  }

  /** The settings with an app registration's values where the account has none (unchanged without an app). */
  withRegistration<S extends SettingsBase>(settings: S, registration: RegistrationDefaults): S {
    const app = this.definition(settings.connector).app;
    return app ? (app.fill(settings, registration) as S) : settings;
  }

  /** True when the settings make the account substitute the sender (Send As / Send on Behalf). */
  substitutes(settings: SettingsBase): boolean {
    return this.definition(settings.connector).substitutes?.(settings) ?? false;
  }

  /** Builds every connector's runtime (the dispatcher, once per process). */
  install(deps: ConnectorDeps): InstalledConnectors {
    const connectors = new Map<string, Connector>();
    for (const [type, plugin] of this.#plugins) {
      const connector = plugin.create(deps);
      if (connector.type !== type) {
        throw new Error(`Connector "${type}" built a runtime of type "${connector.type}".`);
      }
      connectors.set(type, connector);
    }
    return new InstalledConnectors(connectors);
  }
}

/** The connector runtimes of one dispatcher, by type. */
export class InstalledConnectors {
  readonly #connectors: ReadonlyMap<string, Connector>;

  constructor(connectors: ReadonlyMap<string, Connector>) {
    this.#connectors = connectors;
  }

  /** The connector for a type. @throws UnprocessableError NOT_CONNECTED when none is installed. */
  get(type: string): Connector {
    const connector = this.#connectors.get(type);
    if (!connector) {
      throw new UnprocessableError(
        'NOT_CONNECTED',
        `No connector for "${type}" is installed in this dispatcher.`,
      );
    }
    return connector;
  }

  /** Installed connector types. */
  types(): string[] {
    return [...this.#connectors.keys()];
  }

  /** Releases pooled resources of one account on every connector (its settings changed or it was deleted). */
  async release(accountId: string): Promise<void> {
    await Promise.all([...this.#connectors.values()].map((c) => c.release?.(accountId)));
  }

  /** Closes every connector (shutdown). */
  async close(): Promise<void> {
    await Promise.allSettled([...this.#connectors.values()].map((c) => c.close()));
  }
}
