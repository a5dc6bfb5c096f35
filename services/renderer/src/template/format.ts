/**
 * Locale-aware formatting of business values (amounts, quantities, dates) with
 * Intl, for the `currency`, `number`, `percent` and `date` filters. Formatter
 * construction is the expensive part of Intl, so formatters are cached per
 * locale and options.
 * @module
 */
import { bcLanguageToTag } from '@verzend/shared/locale';

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n|${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key) as Intl.NumberFormat | undefined;
  if (!f) {
    f = new Intl.NumberFormat(locale, options);
    cache.set(key, f);
  }
  return f;
}

function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    cache.set(key, f);
  }
  return f;
}

/**
 * The Intl locale of a document language: a BCP 47 tag as is, a Business
 * Central language code (`NLD`) mapped, anything Intl does not know → `en-US`
 * (an unknown language must not fail a render).
 */
export function resolveLocale(locale: string): string {
  const mapped = bcLanguageToTag(locale);
  try {
    return Intl.NumberFormat.supportedLocalesOf([mapped]).length > 0 ? mapped : 'en-US';
  } catch {
    return 'en-US';
  }
}

/** Reads a number from report data: numbers as is, numeric strings (dot decimal) parsed; else null. */
export function toNumber(value: unknown): number | null {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : null;
  }
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) {
    return Number(value);
  }
  return null;
}

/** Formats an amount in a currency, e.g. nl-NL + EUR + 1234.56 → `€ 1.234,56`. */
export function formatCurrency(locale: string, currency: string, amount: number): string {
  return numberFormat(locale, { style: 'currency', currency }).format(amount);
}

/** Formats a number; `decimals` fixes the fraction digits, otherwise up to 5 are shown. */
export function formatNumber(locale: string, value: number, decimals?: number): string {
  const options: Intl.NumberFormatOptions =
    decimals === undefined
      ? { maximumFractionDigits: 5 }
      : { minimumFractionDigits: decimals, maximumFractionDigits: decimals };
  return numberFormat(locale, options).format(value);
}

/** Formats a fraction (0.21) as a percentage (`21%`). */
export function formatPercent(locale: string, value: number, decimals = 0): string {
  return numberFormat(locale, {
    style: 'percent',
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  }).format(value);
}

/** Date styles the `date` filter accepts. */
export const DATE_STYLES = ['short', 'medium', 'long', 'full'] as const;
export type DateStyle = (typeof DATE_STYLES)[number];

/**
 * Parses a report date: ISO dates (`2026-11-27`) are calendar dates and are
 * formatted in UTC, so the day never shifts with the server's time zone.
 */
export function toDate(value: unknown): Date | null {
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? null : value;
  }
  if (
    typeof value === 'string' &&
    /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)
  ) {
    const d = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  if (typeof value === 'number' && Number.isFinite(value)) {
    return new Date(value);
  }
  return null;
}

/** Formats a date in the document's language, e.g. nl-NL medium → `27 nov 2026`. */
export function formatDate(locale: string, date: Date, style: DateStyle = 'medium'): string {
  return dateFormat(locale, { dateStyle: style, timeZone: 'UTC' }).format(date);
}
