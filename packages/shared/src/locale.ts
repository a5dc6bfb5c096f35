/**
 * Document languages as Business Central carries them: a customer's
 * "Language Code" is a Windows three-letter abbreviation (`NLD`, `ENU`…),
 * while Intl wants BCP 47 tags. Both the renderer (number and date formats)
 * and the posting-event intake (subjects, file names) map through this table.
 * @module
 */

/**
 * Business Central's language codes (Windows three-letter abbreviations, as a
 * customer's "Language Code" carries them) → BCP 47 tags for Intl.
 */
export const BC_LANGUAGE_CODES: Readonly<Record<string, string>> = {
  ENU: 'en-US',
  ENG: 'en-GB',
  ENA: 'en-AU',
  ENC: 'en-CA',
  ENZ: 'en-NZ',
  ENI: 'en-IE',
  NLD: 'nl-NL',
  NLB: 'nl-BE',
  DEU: 'de-DE',
  DEA: 'de-AT',
  DES: 'de-CH',
  FRA: 'fr-FR',
  FRB: 'fr-BE',
  FRC: 'fr-CA',
  FRS: 'fr-CH',
  ITA: 'it-IT',
  ITS: 'it-CH',
  ESP: 'es-ES',
  ESM: 'es-MX',
  DAN: 'da-DK',
  SVE: 'sv-SE',
  NOR: 'nb-NO',
  FIN: 'fi-FI',
  ISL: 'is-IS',
  PTG: 'pt-PT',
  PTB: 'pt-BR',
  PLK: 'pl-PL',
  CSY: 'cs-CZ',
  HUN: 'hu-HU',
  RUS: 'ru-RU',
  TRK: 'tr-TR',
  JPN: 'ja-JP',
  CHS: 'zh-CN',
  CHT: 'zh-TW',
  KOR: 'ko-KR',
  ELL: 'el-GR',
  SKY: 'sk-SK',
  SLV: 'sl-SI',
  HRV: 'hr-HR',
  ROM: 'ro-RO',
  BGR: 'bg-BG',
  LTH: 'lt-LT',
  LVI: 'lv-LV',
  ETI: 'et-EE',
  UKR: 'uk-UA',
};

/** Maps a Business Central language code to its BCP 47 tag; anything else is returned unchanged. */
export function bcLanguageToTag(code: string): string {
  return BC_LANGUAGE_CODES[code.toUpperCase()] ?? code;
}
