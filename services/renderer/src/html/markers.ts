/**
 * Private-use characters the renderer writes into documents as markers. Report
 * data can never contain them (values are cleaned, see `cleanText`), so a marker
 * found in converted HTML was always put there by us.
 *
 * Formatting markers carry what mammoth drops (see ADR-0006); template markers
 * carry the compiled fast path's slots and sections (see ADR-0005).
 * @module
 */

/** Formatting markers (format pass → HTML classes). */
export const F = {
  runOpen: '\uE010',
  runSep: '\uE011',
  runClose: '\uE012',
  paraOpen: '\uE013',
  paraSep: '\uE014',
  cellOpen: '\uE015',
  cellSep: '\uE016',
  tableOpen: '\uE017',
  tableSep: '\uE018',
  /** Before an image: its size in the layout, `<width>x<height>` in pixels. */
  imageOpen: '\uE019',
  imageSep: '\uE01A',
  /** A page break: a separator in the email. */
  pageBreak: '\uE01D',
} as const;

/** Template markers (compiled fast path). */
export const T = {
  valueOpen: '\uE001',
  valueClose: '\uE002',
  sectionOpen: '\uE003',
  sectionEnd: '\uE005',
  close: '\uE004',
} as const;

/** Where the PayPal link goes when the layout has a `{PaymentServiceURL}` tag. */
export const PAYMENT_LINK_MARK = '\uE01B';
