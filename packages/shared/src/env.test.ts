import { describe, expect, it } from 'vitest';
import { BadEnvironmentError, baseEnv, envBoolean, parseEnv } from './env';

describe('env', () => {
  it('applies defaults and parses booleans explicitly', () => {
    const schema = baseEnv.extend({ FLAG: envBoolean(false) });
    const env = parseEnv(schema, { FLAG: 'true' });
    expect(env.NATS_URL).toBe('nats://127.0.0.1:4222');
    expect(env.FLAG).toBe(true);
    expect(parseEnv(schema, { FLAG: 'no' }).FLAG).toBe(false);
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
