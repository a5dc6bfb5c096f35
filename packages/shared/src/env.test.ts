import { describe, expect, it } from 'vitest';
import { BadEnvironmentError, baseEnv, envBoolean, parseEnv } from './env';
import { verifierFromEnv } from './wiring';

describe('env', () => {
  it('applies defaults and parses booleans explicitly', () => {
    const schema = baseEnv.extend({ FLAG: envBoolean(false) });
    const env = parseEnv(schema, { FLAG: 'true' });
    expect(env.NATS_URL).toBe('nats://127.0.0.1:4222');
    expect(env.FLAG).toBe(true);
    expect(parseEnv(schema, { FLAG: 'no' }).FLAG).toBe(false);
  });

  it('takes an empty variable for an unset one (as Compose passes an unset X:-)', () => {
    const env = parseEnv(baseEnv, { AUTH_JWKS_URL: '', AUTH_JWT_SECRET: '', LOG_LEVEL: '' });
    expect(env.AUTH_JWKS_URL).toBeUndefined();
    expect(env.AUTH_JWT_SECRET).toBeUndefined();
    expect(env.LOG_LEVEL).toBe('info');
    expect(() => parseEnv(baseEnv, { AUTH_JWKS_URL: 'not a url' })).toThrow(BadEnvironmentError);
  });

  it('lists every invalid variable at once', () => {
    try {
      parseEnv(baseEnv, { LOG_LEVEL: 'loud', AUTH_JWT_SECRET: 'short', SHUTDOWN_TIMEOUT_S: '0' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(BadEnvironmentError);
      const paths = (err as BadEnvironmentError).issues.map((i) => i.path).sort();
      expect(paths).toEqual(['AUTH_JWT_SECRET', 'LOG_LEVEL', 'SHUTDOWN_TIMEOUT_S']);
    }
  });
});

describe('bearer tokens in production', () => {
  it('refuses to build a verifier without AUTH_ISSUER and AUTH_AUDIENCE', () => {
    const env = parseEnv(baseEnv, { NODE_ENV: 'production', AUTH_JWT_SECRET: 's'.repeat(32) });
    expect(() => verifierFromEnv(env)).toThrow(BadEnvironmentError);
    expect(() =>
      verifierFromEnv({ ...env, AUTH_ISSUER: 'https://erp.example', AUTH_AUDIENCE: 'verzend' }),
    ).not.toThrow();
    expect(parseEnv(baseEnv, {}).AUTH_MAX_TOKEN_LIFETIME_S).toBe(86_400);
  });
});
