/**
 * Arbitraries for the request-body fuzz test: malformed multipart, malformed
 * JSON and wrong media types, each a raw request (content type + bytes) that
 * no route may accept.
 * @module
 */
import fc from 'fast-check';

/** One hostile request body. */
export interface FuzzBody {
  kind: string;
  contentType: string | undefined;
  body: Uint8Array;
}

const text = (s: string) => new TextEncoder().encode(s);

/** True when `s` is valid JSON (a "broken" body that happens to parse, such as `{}`, is not one). */
function parses(s: string): boolean {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}

/** JSON text that does not parse. */
const brokenJson: fc.Arbitrary<FuzzBody> = fc
  .oneof(
    fc.constantFrom('{', '{"to":', '[1,2', '{"a":1,}', "{'a':1}", 'nul', '{"a":"\\x"}', '\u0000'),
    fc.json().map((j) => `${j.slice(0, Math.max(1, Math.floor(j.length / 2)))}}{`),
    fc.string({ maxLength: 40 }).map((s) => `{${s}`),
  )
  .filter((s) => !parses(s))
  .map((s) => ({ kind: 'json-broken', contentType: 'application/json', body: text(s) }));

/** Syntactically fine JSON nested thousands deep (arrays or objects). */
const deepJson: fc.Arbitrary<FuzzBody> = fc
  .record({ depth: fc.integer({ min: 2_000, max: 60_000 }), object: fc.boolean() })
  .map(({ depth, object }) => ({
    kind: 'json-deep',
    contentType: 'application/json',
    body: text(
      object
        ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`
        : `${'['.repeat(depth)}${']'.repeat(depth)}`,
    ),
  }));

/** Huge strings where short text is expected. */
const hugeStrings: fc.Arbitrary<FuzzBody> = fc
  .record({
    size: fc.integer({ min: 300_000, max: 2_000_000 }),
    key: fc.constantFrom('subject', 'name', 'eventId', 'html', 'company', 'x'),
  })
  .map(({ size, key }) => ({
    kind: 'json-huge-string',
    contentType: 'application/json',
    body: text(JSON.stringify({ [key]: 'x'.repeat(size) })),
  }));

/** Values of the wrong type at the top level or in well-known fields. */
const wrongTypes: fc.Arbitrary<FuzzBody> = fc
  .oneof(
    fc.constantFrom('null', '0', '-1e309', '"text"', 'true', '[]', '[{}]'),
    fc
      .record({
        key: fc.constantFrom('to', 'subject', 'settings', 'layout', 'data', 'eventId', 'perms'),
        value: fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.integer())),
      })
      .map(({ key, value }) => JSON.stringify({ [key]: value, unknownField: true })),
  )
  .map((s) => ({ kind: 'json-wrong-type', contentType: 'application/json', body: text(s) }));

/** Prototype-pollution attempts (`__proto__`, `constructor.prototype`). */
const protoKeys: fc.Arbitrary<FuzzBody> = fc
  .constantFrom(
    '{"__proto__":{"polluted":true}}',
    '{"constructor":{"prototype":{"polluted":true}}}',
    '{"settings":{"__proto__":{"polluted":true}},"__proto__":{"isAdmin":true}}',
    '[{"__proto__":{"polluted":true}}]',
  )
  .map((s) => ({ kind: 'json-proto', contentType: 'application/json', body: text(s) }));

/** A reasonable JSON body under a media type no route takes. */
const wrongMediaType: fc.Arbitrary<FuzzBody> = fc
  .record({
    type: fc.constantFrom(
      'text/plain',
      'application/xml',
      'application/x-www-form-urlencoded',
      'image/png',
      'application/octet-stream',
      'application/jsonx',
      'multipart/mixed; boundary=x',
      undefined,
    ),
    json: fc.constantFrom('{"name":"x"}', '{"to":["a@b.example"],"subject":"s","text":"t"}'),
  })
  .map(({ type, json }) => ({ kind: 'media-type', contentType: type, body: text(json) }));

function part(headers: string, content: string | Uint8Array, boundary: string): Buffer {
  return Buffer.concat([
    Buffer.from(`--${boundary}\r\n${headers}\r\n\r\n`),
    Buffer.from(content),
    Buffer.from('\r\n'),
  ]);
}

/** Multipart bodies that break the format or its rules. */
const badMultipart: fc.Arbitrary<FuzzBody> = fc
  .record({
    flavour: fc.constantFrom(
      'no-name',
      'name-star-only',
      'duplicate-names',
      'bad-boundary',
      'no-boundary',
      'truncated',
      'huge-header',
      'zero-byte',
      'oversize-field',
      'only-garbage',
    ),
    boundary: fc.stringMatching(/^[A-Za-z0-9]{8,30}$/),
    cut: fc.integer({ min: 1, max: 200 }),
  })
  .map(({ flavour, boundary, cut }) => {
    const end = Buffer.from(`--${boundary}--\r\n`);
    const message = part(
      'Content-Disposition: form-data; name="message"',
      '{"subject":"s"}',
      boundary,
    );
    let body: Buffer;
    let contentType = `multipart/form-data; boundary=${boundary}`;
    switch (flavour) {
      case 'no-name':
        body = Buffer.concat([
          message,
          part('Content-Disposition: form-data; filename="a.docx"', 'PK', boundary),
          end,
        ]);
        break;
      case 'name-star-only':
        body = Buffer.concat([
          message,
          part(`Content-Disposition: form-data; name*=UTF-8''file; filename="a"`, 'x', boundary),
          end,
        ]);
        break;
      case 'duplicate-names':
        body = Buffer.concat([
          message,
          message,
          part('Content-Disposition: form-data; name="file"; filename="a"', 'x', boundary),
          part('Content-Disposition: form-data; name="file"; filename="b"', 'y', boundary),
          end,
        ]);
        break;
      case 'bad-boundary':
        body = Buffer.concat([
          part('Content-Disposition: form-data; name="file"; filename="a"', 'x', `${boundary}X`),
          end,
        ]);
        break;
      case 'no-boundary':
        contentType = 'multipart/form-data';
        body = Buffer.concat([message, end]);
        break;
      case 'truncated': {
        const whole = Buffer.concat([
          message,
          part(
            'Content-Disposition: form-data; name="file"; filename="a"',
            'x'.repeat(300),
            boundary,
          ),
          end,
        ]);
        // The close delimiter's CRLF is optional (RFC 2046 §5.1.1), so a cut of one or two
        // bytes leaves a whole body: cut at least into its closing "--".
        body = whole.subarray(0, Math.max(1, whole.length - 3 - cut));
        break;
      }
      case 'huge-header':
        body = Buffer.concat([
          part(
            `Content-Disposition: form-data; name="file"; filename="${'a'.repeat(200_000)}"`,
            'x',
            boundary,
          ),
          end,
        ]);
        break;
      case 'zero-byte':
        body = Buffer.concat([
          part('Content-Disposition: form-data; name="file"; filename="empty.docx"', '', boundary),
          end,
        ]);
        break;
      case 'oversize-field':
        body = Buffer.concat([
          part('Content-Disposition: form-data; name="fileName"', 'n'.repeat(40_000), boundary),
          part(
            'Content-Disposition: form-data; name="file"; filename="a"',
            new Uint8Array(200_000),
            boundary,
          ),
          end,
        ]);
        break;
      default:
        body = Buffer.from('\r\n--\r\n\r\n garbage', 'utf8');
    }
    return { kind: `multipart-${flavour}`, contentType, body: new Uint8Array(body) };
  });

/** Every kind of hostile body, for a route that takes JSON or multipart. */
export const hostileBody: fc.Arbitrary<FuzzBody> = fc.oneof(
  brokenJson,
  deepJson,
  hugeStrings,
  wrongTypes,
  protoKeys,
  wrongMediaType,
  badMultipart,
);
