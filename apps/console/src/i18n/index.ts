/**
 * Languages of the console: English and Dutch, chosen from the `lang` cookie,
 * else the browser's Accept-Language; dates and amounts formatted per language.
 * @module
 */
import { en, type MessageKey, type Messages } from './en';
import { nl } from './nl';

export const LANGUAGES = ['en', 'nl'] as const;
export type Language = (typeof LANGUAGES)[number];

const messages: Record<Language, Messages> = { en, nl };
const locales: Record<Language, string> = { en: 'en-GB', nl: 'nl-NL' };

/** Picks the language: an explicit choice first, then the first supported Accept-Language entry. */
export function chooseLanguage(
  cookie: string | undefined,
  acceptLanguage: string | undefined,
): Language {
  if (cookie === 'en' || cookie === 'nl') {
    return cookie;
  }
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(
        params
          .find((p) => p.trim().startsWith('q='))
          ?.trim()
          .slice(2) ?? '1',
      );
      return { lang: tag.toLowerCase().split('-')[0] ?? '', q: Number.isNaN(q) ? 0 : q };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q);
  return (ranked.find((x) => x.lang === 'en' || x.lang === 'nl')?.lang as Language) ?? 'en';
}

/** Texts and formatters of one language. */
export interface I18n {
  lang: Language;
  t(key: MessageKey): string;
  date(iso: string | null | undefined): string;
  amount(value: number, currency?: string): string;
  number(value: number): string;
}

/** The texts and formatters for a language. */
export function i18n(lang: Language): I18n {
  const m = messages[lang];
  const dateFmt = new Intl.DateTimeFormat(locales[lang], {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
  const numberFmt = new Intl.NumberFormat(locales[lang]);
  return {
    lang,
    t: (key) => m[key],
    date: (iso) => (iso ? dateFmt.format(new Date(iso)) : '—'),
    amount: (value, currency = 'EUR') =>
      new Intl.NumberFormat(locales[lang], { style: 'currency', currency }).format(value),
    number: (value) => numberFmt.format(value),
  };
}
export type { MessageKey };
