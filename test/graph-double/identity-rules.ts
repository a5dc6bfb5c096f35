/**
 * Rules of the identity-platform double kept apart from its endpoints:
 * resources (audiences) a scope names, certificate client assertions
 * (RFC 7523 as Entra checks them).
 * @module
 */
import { createHash, createPublicKey, verify, X509Certificate } from 'node:crypto';
import type { DoubleApp } from './identity';

/** The resource (origin) of the first resource-qualified scope, e.g. `https://outlook.office365.com`. */
export function resourceOf(scope: string): string {
  for (const s of scope.split(/\s+/)) {
    if (s.includes('://')) {
      try {
        return new URL(s).origin;
      } catch {
        // Not a URL: a bare permission name.
      }
    }
  }
  return '';
}

/** The first resource a scope names that the tenant does not know, if any. */
export function unknownResource(scope: string, known: ReadonlySet<string>): string | undefined {
  for (const s of scope.split(/\s+/)) {
    if (!s.includes('://')) {
      continue;
    }
    let origin: string;
    try {
      origin = new URL(s).origin;
    } catch {
      return s;
    }
    if (!known.has(origin)) {
      return origin;
    }
  }
  return undefined;
}

const b64json = (part: string | undefined): Record<string, unknown> | undefined => {
  try {
    return JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
  } catch {
    return undefined;
  }
};

/**
 * Checks a client assertion the way Entra does: jwt-bearer type, signed with
 * the registered certificate's key (RS256 or PS256), named by its SHA-256 (or
 * SHA-1) thumbprint, `iss` = `sub` = the client id, `aud` = the token
 * endpoint, and within its lifetime.
 * @returns the AADSTS code and text of a refusal, or undefined when valid.
 */
export function checkClientAssertion(
  app: DoubleApp,
  form: URLSearchParams,
  tokenUrl: string,
): { code: number; description: string } | undefined {
  if (
    form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'
  ) {
    return { code: 7000216, description: "'client_assertion_type' is missing or wrong." };
  }
  const [h, p, sig] = (form.get('client_assertion') ?? '').split('.');
  const header = b64json(h);
  const payload = b64json(p);
  if (!header || !payload || !sig) {
    return { code: 50027, description: 'The client assertion is not a well-formed JWT.' };
  }
  if (!app.certificatePem) {
    return {
      code: 700027,
      description: `No certificate is registered on application '${app.clientId}'.`,
    };
  }
  const cert = new X509Certificate(app.certificatePem);
  const s256 = createHash('sha256').update(cert.raw).digest('base64url');
  const s1 = createHash('sha1').update(cert.raw).digest('base64url');
  if (header['x5t#S256'] !== s256 && header.x5t !== s1) {
    return {
      code: 700027,
      description:
        'The certificate with identifier used to sign the client assertion is not registered on application.',
    };
  }
  const key = createPublicKey(cert.publicKey.export({ type: 'spki', format: 'pem' }));
  const data = Buffer.from(`${h}.${p}`);
  const signature = Buffer.from(sig, 'base64url');
  const valid =
    header.alg === 'RS256'
      ? verify('sha256', data, key, signature)
      : header.alg === 'PS256'
        ? verify('sha256', data, { key, padding: 6, saltLength: 32 }, signature)
        : false;
  if (!valid) {
    return { code: 700027, description: 'Client assertion failed signature validation.' };
  }
  if (payload.iss !== app.clientId || payload.sub !== app.clientId) {
    return {
      code: 700023,
      description: 'The client assertion must name the application as issuer and subject.',
    };
  }
  if (payload.aud !== tokenUrl) {
    return {
      code: 700212,
      description: `The client assertion's audience must be ${tokenUrl}, not ${String(payload.aud)}.`,
    };
  }
  const now = Date.now() / 1000;
  if (typeof payload.exp !== 'number' || payload.exp < now || (payload.nbf as number) > now + 300) {
    return { code: 700024, description: 'Client assertion is not within its valid time range.' };
  }
  return undefined;
}
