/**
 * Certificate credentials for confidential clients: a client assertion
 * (RFC 7523 JWT bearer, as the Microsoft identity platform takes it) signed
 * with the certificate's private key, naming the certificate by its SHA-256
 * thumbprint (`x5t#S256`) and signed with PS256.
 * @module
 */
import {
  constants,
  createHash,
  createPrivateKey,
  randomUUID,
  sign,
  X509Certificate,
} from 'node:crypto';
import { ValidationError } from '@verzend/shared';

/** The parts of a certificate credential (one PEM with the private key and the certificate). */
export interface CertificateCredential {
  thumbprintS256: string;
  sign(data: Buffer): Buffer;
}

const CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;
const KEY =
  /-----BEGIN (?:RSA |ENCRYPTED )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |ENCRYPTED )?PRIVATE KEY-----/;

/**
 * Reads a PEM holding a certificate and its RSA private key.
 * @throws {ValidationError} naming what is missing or unreadable.
 */
export function readCertificateCredential(pem: string): CertificateCredential {
  const certText = CERT.exec(pem)?.[0];
  const keyText = KEY.exec(pem)?.[0];
  if (!certText || !keyText) {
    throw new ValidationError(
      'The certificate credential must be one PEM with the certificate and its private key (BEGIN CERTIFICATE and BEGIN PRIVATE KEY).',
      {
        errors: [
          { path: 'secrets.clientCertificate', message: 'needs a certificate and a private key' },
        ],
      },
    );
  }
  let cert: X509Certificate;
  let key: ReturnType<typeof createPrivateKey>;
  try {
    cert = new X509Certificate(certText);
    key = createPrivateKey(keyText);
  } catch (cause) {
    throw new ValidationError('The certificate or its private key cannot be read.', {
      cause,
      errors: [{ path: 'secrets.clientCertificate', message: 'is not a readable PEM' }],
    });
  }
  if (!cert.checkPrivateKey(key)) {
    throw new ValidationError('The private key does not belong to the certificate.', {
      errors: [{ path: 'secrets.clientCertificate', message: 'key and certificate do not match' }],
    });
  }
  return {
    thumbprintS256: createHash('sha256').update(cert.raw).digest('base64url'),
    sign: (data) =>
      sign('sha256', data, {
        key,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: 32,
      }),
  };
}

/** A client assertion for `tokenUrl`, valid for 10 minutes. */
export function clientAssertion(
  credential: CertificateCredential,
  clientId: string,
  tokenUrl: string,
  now = Date.now(),
): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const iat = Math.floor(now / 1000);
  const head = part({ alg: 'PS256', typ: 'JWT', 'x5t#S256': credential.thumbprintS256 });
  const body = part({
    aud: tokenUrl,
    iss: clientId,
    sub: clientId,
    jti: randomUUID(),
    nbf: iat,
    iat,
    exp: iat + 600,
  });
  const signature = credential.sign(Buffer.from(`${head}.${body}`)).toString('base64url');
  return `${head}.${body}.${signature}`;
}
