/**
 * Data variants that stress the fast path's exactness: hostile strings
 * (markup, quotes, line breaks, non-breaking spaces, emoji, control and
 * private-use characters), empty values, missing fields, single-item and empty
 * lists, numbers as strings.
 * @module
 */

const HOSTILE = (orig: string) =>
  `  <b>"x" & 'y'</b>\n\u00a0line two \u{1F600} \uE001\uE003 \u0007 &amp; ${orig}\r\nend  `;

type Transform = (value: unknown, key: string, depth: number, index: number) => unknown;

function walk(value: unknown, t: Transform, key = '', depth = 0, index = 0): unknown {
  if (Array.isArray(value)) {
    const mapped = t(value, key, depth, index);
    if (!Array.isArray(mapped)) {
      return mapped;
    }
    return mapped.map((v, i) => walk(v, t, key, depth + 1, i));
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    let i = 0;
    for (const [k, v] of Object.entries(value)) {
      const mapped = walk(v, t, k, depth + 1, i++);
      if (mapped !== undefined) {
        out[k] = mapped;
      }
    }
    return out;
  }
  return t(value, key, depth, index);
}

/** Named variants of a data set. */
export const VARIANTS: Record<string, (data: Record<string, unknown>) => Record<string, unknown>> =
  {
    hostile: (d) =>
      walk(d, (v) => (typeof v === 'string' ? HOSTILE(v) : v)) as Record<string, unknown>,
    empty: (d) =>
      walk(d, (v) => (typeof v === 'string' ? '' : Array.isArray(v) ? [] : v)) as Record<
        string,
        unknown
      >,
    missing: (d) =>
      walk(d, (v, _k, depth, i) =>
        depth > 0 && i % 2 === 1 && !Array.isArray(v) ? undefined : v,
      ) as Record<string, unknown>,
    single: (d) =>
      walk(d, (v) => (Array.isArray(v) ? v.slice(0, 1) : v)) as Record<string, unknown>,
    stringly: (d) =>
      walk(d, (v) =>
        typeof v === 'number' ? String(v) : typeof v === 'boolean' ? (v ? 'yes' : '') : v,
      ) as Record<string, unknown>,
    nullish: (d) =>
      walk(d, (v, _k, depth, i) =>
        depth > 0 && i % 3 === 0 && !Array.isArray(v) ? null : v,
      ) as Record<string, unknown>,
  };
