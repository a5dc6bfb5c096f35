/**
 * The features each fidelity layout (test/fixtures/fidelity, made in
 * LibreOffice Writer) must keep in the email, and the evidence for each in the
 * rendered HTML: size attributes, widths, font families, border and shading
 * styles, alignment, header and footer text, no page fields.
 * @module
 */

/** One feature and how to see it in the HTML. */
export interface Feature {
  id: string;
  what: string;
  kept(html: string): boolean;
}

const VOID = new Set(['br', 'img', 'hr', 'meta', 'input', 'link', 'col', 'wbr']);

/** The opening tags of every element around the first occurrence of `text` (outermost first). */
export function around(html: string, text: string | RegExp): string[] {
  const at = typeof text === 'string' ? html.indexOf(text) : html.search(text);
  if (at < 0) {
    return [];
  }
  const stack: { name: string; tag: string }[] = [];
  for (const m of html.slice(0, at).matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>/g)) {
    const [tag, close, name = ''] = m;
    const lower = name.toLowerCase();
    if (VOID.has(lower) || tag.endsWith('/>')) {
      continue;
    }
    if (close) {
      const i = stack.map((s) => s.name).lastIndexOf(lower);
      if (i >= 0) {
        stack.length = i;
      }
    } else {
      stack.push({ name: lower, tag });
    }
  }
  return stack.map((s) => s.tag);
}

/** Whether any element around `text` (or the nearest `tag` element) carries `style`. */
function styled(text: string | RegExp, style: RegExp, tag?: string) {
  return (html: string) => {
    const tags = around(html, text);
    const pick = tag ? tags.filter((t) => t.startsWith(`<${tag}`)).slice(-1) : tags;
    return pick.some((t) => style.test(t));
  };
}

function all(...checks: ((html: string) => boolean)[]) {
  return (html: string) => checks.every((c) => c(html));
}

const before = (a: string | RegExp, b: string | RegExp) => (html: string) => {
  const i = typeof a === 'string' ? html.indexOf(a) : html.search(a);
  const j = typeof b === 'string' ? html.indexOf(b) : html.search(b);
  return i >= 0 && j >= 0 && i < j;
};
const contains = (re: RegExp) => (html: string) => re.test(html);
const lacks = (re: RegExp) => (html: string) => !re.test(html);
const image = (w: number, h: number) =>
  contains(new RegExp(`<img width="${w}" height="${h}"[^>]*max-width: 100%`));
const noPageFields = lacks(/\b(Page|Pagina)\s*(\d+\s*)?(of|van)\b|\bPage \d|\bPagina \d/);

/** The 29-feature rich-formatting layout: one feature per paragraph. */
export const RICH: Feature[] = [
  { id: 'F01', what: 'logo at its layout size (3 cm)', kept: image(113, 38) },
  { id: 'F02', what: 'heading colour from the style', kept: styled('F02', /color: #1f4e79/, 'h1') },
  {
    id: 'F03',
    what: 'default font from the Normal style',
    kept: styled('F03', /font-family: 'Liberation Serif','Times New Roman'/),
  },
  { id: 'F04', what: 'run font', kept: styled('F04', /font-family: 'DejaVu Sans Mono'/, 'span') },
  { id: 'F05', what: 'run colour', kept: styled('F05', /color: #c00000/, 'span') },
  { id: 'F06', what: 'run size', kept: styled('F06', /font-size: 16pt/, 'span') },
  { id: 'F07', what: 'small caps', kept: styled('F07', /font-variant: small-caps/) },
  { id: 'F08', what: 'character spacing', kept: styled('F08', /letter-spacing: 2\.85pt/) },
  { id: 'F09', what: 'highlight', kept: styled('F09', /background-color: #ffff00/) },
  {
    id: 'F10',
    what: 'character style (colour, bold)',
    kept: styled('F10', /font-weight: bold; color: #7030a0/),
  },
  { id: 'F11', what: 'centred paragraph', kept: styled('F11', /text-align: center/, 'p') },
  {
    id: 'F12',
    what: 'paragraph borders above and below',
    kept: styled('F12', /border-top: 1px solid #c00000;.*border-bottom: 1px solid #c00000/, 'p'),
  },
  { id: 'F13', what: 'paragraph shading', kept: styled('F13', /background-color: #e8eef5/, 'p') },
  {
    id: 'F14',
    what: 'spacing before and after',
    kept: styled('F14', /margin: 12pt 0;/, 'p'),
  },
  { id: 'F15', what: 'left indent', kept: styled('F15', /margin: 0 0 4\.25pt 56\.7pt/, 'p') },
  { id: 'F16', what: 'first-line indent', kept: styled('F16', /text-indent: 28\.35pt/, 'p') },
  { id: 'F17', what: 'line spacing', kept: styled('F17', /line-height: 2\.3\b/, 'p') },
  {
    id: 'F18',
    what: 'right tab stop (amount right-aligned at 16 cm)',
    kept: all(
      styled('F18', /width: 605px/, 'table'),
      styled('5,896.70', /text-align: right/, 'p'),
      styled('5,896.70', /<td/),
    ),
  },
  {
    id: 'F19',
    what: 'decimal tab stop',
    kept: all(styled('F19', /width: 567px/, 'table'), styled('1,238.31', /text-align: right/, 'p')),
  },
  {
    id: 'F20',
    what: 'expression conditions with Dutch smart quotes',
    kept: contains(/F20 status is open and payable/),
  },
  {
    id: 'F21',
    what: 'fixed table width and column widths',
    kept: all(
      styled('F21 table cell', /width: 454px/, 'table'),
      styled('F21 table cell', /width="227"/, 'td'),
      styled('A-1', /width="113"/, 'td'),
    ),
  },
  {
    id: 'F22',
    what: 'centred table with cell padding',
    kept: all(
      styled('F22 centred<', /margin-left: auto; margin-right: auto/, 'table'),
      styled('F22 centred<', /padding: 8px;/, 'td'),
    ),
  },
  {
    id: 'F23',
    what: 'table header row: shading and bold from the style',
    kept: all(
      styled('F23 header', /bgcolor="#1f4e79"/, 'td'),
      styled('F23 header', /font-weight: bold/, 'p'),
    ),
  },
  { id: 'F24', what: 'pay button at its layout size (4 cm)', kept: image(151, 38) },
  { id: 'F25', what: 'page break as a separator', kept: before(/<hr class="vzpagebreak"/, 'F25') },
  {
    id: 'F26',
    what: 'bold and italic',
    kept: contains(/<strong>F26 bold<\/strong> and <em>italic<\/em>/),
  },
  { id: 'F27', what: 'right-aligned paragraph', kept: styled('F27', /text-align: right/, 'p') },
  { id: 'F28', what: 'page header above the body', kept: before('F28 header', 'F01') },
  {
    id: 'F29',
    what: 'page footer below the body, without page-number fields',
    kept: all(before('F27', 'F29 footer: KvK 12345678'), noPageFields),
  },
];

const header = (text: string): Feature => ({
  id: 'header',
  what: 'page header above the body',
  kept: (html) => {
    const i = html.indexOf(text);
    return i >= 0 && i < html.search(/<h1/);
  },
});
const footer: Feature = {
  id: 'footer',
  what: 'legal footer (KvK, VAT, IBAN) below the body, no page fields',
  kept: all(
    contains(/KvK 12345678 · btw NL001234567B01 · IBAN NL91 ABNA 0417 1643 00/),
    noPageFields,
  ),
};
const headingColour: Feature = {
  id: 'heading-colour',
  what: 'heading colour from the style',
  kept: contains(/<h1[^>]*color: #1f4e79/),
};
const font = (family: string): Feature => ({
  id: 'font',
  what: `the layout's font (${family}) first`,
  kept: contains(new RegExp(`class="vzbody" style="[^"]*font-family: '${family}'`)),
});
const linesTable: Feature = {
  id: 'lines-table',
  what: 'lines table 17 cm with its column widths, header shading, amounts right-aligned',
  kept: all(
    contains(/<table[^>]*width: 643px/),
    contains(/<td[^>]*width="257"/),
    contains(/<td[^>]*bgcolor="#e8eef5"/),
    styled(/€\s?13,49|£13\.49|€13\.49/, /text-align: right/, 'p'),
  ),
};
const totals = (label: string): Feature => ({
  id: 'totals-tabs',
  what: `totals with a right tab stop (${label} | amount)`,
  kept: all(styled(label, /<td/), styled(label, /width: 643px/, 'table')),
});
const ruled = (label: string, colour: string, sides = ['top', 'bottom']): Feature => ({
  id: 'total-rules',
  what: `rules around "${label}"`,
  kept: (html) =>
    sides.every((s) => styled(label, new RegExp(`border-${s}: 1px solid ${colour}`), 'td')(html)),
});
const logo: Feature = { id: 'logo', what: 'logo at 3 cm', kept: image(113, 38) };

/** The realistic documents and what each must keep. */
export const DOCUMENTS: Record<string, Feature[]> = {
  'invoice-nl': [
    header('Cronus Nederland BV · Stationsplein 12'),
    logo,
    headingColour,
    font('Carlito'),
    {
      id: 'column',
      what: 'a column as wide as the page’s text (17 cm)',
      kept: contains(/class="vzbody" style="max-width: 643px;/),
    },
    {
      id: 'left-tabs',
      what: 'address block with a left tab stop at 12 cm',
      kept: styled('Fabrikam Nederland BV', /width="454"/, 'td'),
    },
    {
      id: 'condition',
      what: 'status condition with Dutch quotes',
      kept: all(contains(/Deze factuur staat nog open\./), lacks(/is betaald/)),
    },
    linesTable,
    totals('Subtotaal'),
    ruled('Totaal verschuldigd', '#c00000'),
    { id: 'button', what: 'pay button at 4 cm', kept: image(151, 38) },
    { id: 'grey-note', what: 'grey note', kept: styled('Betaal binnen', /color: #6b7280/, 'span') },
    footer,
  ],
  'quote-en': [
    header('Cronus UK Ltd · Stationsplein 12'),
    {
      id: 'logo-right',
      what: 'logo (2.5 cm) right-aligned',
      kept: all(image(94, 31), styled(/<img width="94"/, /text-align: right/, 'p')),
    },
    headingColour,
    font('Liberation Sans'),
    {
      id: 'small-caps',
      what: 'small caps with letter spacing',
      kept: styled('Valid until', /font-variant: small-caps; letter-spacing/),
    },
    linesTable,
    totals('Subtotal'),
    ruled('Total<', '#c00000'),
    {
      id: 'discount',
      what: 'discount condition (Discount > 0) on a shaded paragraph',
      kept: styled('Includes a discount of 5%', /background-color: #e8eef5/, 'p'),
    },
    {
      id: 'loop-condition',
      what: 'a condition in a paragraph loop reading the line and the document (Currency)',
      kept: all(
        contains(/Conference table 3 ships free\./),
        lacks(/Conference table [124] ships free/),
      ),
    },
    footer,
  ],
  'reminder-nl': [
    header('Cronus Nederland BV · Stationsplein 12'),
    headingColour,
    font('Carlito'),
    {
      id: 'entries',
      what: 'entries table with header shading and right-aligned amounts',
      kept: all(contains(/<td[^>]*bgcolor="#e8eef5"/), styled('620,17', /text-align: right/, 'p')),
    },
    ruled('Totaal verschuldigd', '#c00000'),
    {
      id: 'red-total',
      what: 'red bold total',
      kept: styled('Totaal verschuldigd', /color: #c00000/, 'span'),
    },
    {
      id: 'level-condition',
      what: 'second-reminder condition (Level >= 2), indented and shaded',
      kept: styled(
        'tweede herinnering',
        /margin: 0 0 4\.25pt 28\.35pt; background-color: #fdecea/,
        'p',
      ),
    },
    footer,
  ],
  'purchase-order-en': [
    header('Cronus International Ltd · Stationsplein 12'),
    headingColour,
    font('Liberation Sans'),
    {
      id: 'left-tabs',
      what: 'label column from a left tab stop at 4 cm',
      kept: styled('Expected receipt', /width="151"/, 'td'),
    },
    linesTable,
    totals('Subtotal'),
    {
      id: 'page-break',
      what: 'page break before the terms as a separator',
      kept: before(/<hr class="vzpagebreak"/, 'Terms and conditions'),
    },
    {
      id: 'heading-2',
      what: 'heading 2 colour',
      kept: styled('Terms and conditions', /color: #1f4e79/, 'h2'),
    },
    {
      id: 'line-spacing',
      what: 'line spacing 150 %',
      kept: styled('Deliveries must quote', /line-height: 1\.73/, 'p'),
    },
    footer,
  ],
  'statement-en': [
    header('Cronus International Ltd · Stationsplein 12'),
    logo,
    headingColour,
    font('Caladea'),
    {
      id: 'metric-twin',
      what: 'the font’s metric twin for mail clients (Caladea → Cambria)',
      kept: contains(/font-family: 'Caladea','Cambria'/),
    },
    {
      id: 'right-tab',
      what: 'statement date at a right tab stop',
      kept: styled('Statement date', /text-align: right/, 'p'),
    },
    {
      id: 'header-row',
      what: 'dark header row, bold from the Table Heading style',
      kept: all(
        styled('Document<', /bgcolor="#1f4e79"/, 'td'),
        styled('Document<', /font-weight: bold/),
      ),
    },
    {
      id: 'cell-padding',
      what: 'cell padding 1 mm',
      kept: styled('INV-1001', /padding: 4px;/, 'td'),
    },
    ruled('Balance due', '#1f4e79', ['top']),
    {
      id: 'overdue',
      what: 'overdue condition (Overdue > 0) on a shaded paragraph',
      kept: styled('Of which overdue', /background-color: #fdecea/, 'p'),
    },
    footer,
  ],
};
