import { describe, expect, it } from 'vitest';
import {
  applyFormatMarkers,
  baseCss,
  type FormatClasses,
  type FormatNotes,
  markFormatting,
  readStyles,
} from './format-pass';
import { F, T } from './markers';

// What Word writes: a table styled "Table Grid", a centred "Title" through basedOn, direct run formatting.
const STYLES = `<w:styles>
<w:style w:type="paragraph" w:styleId="Heading"><w:name w:val="heading"/><w:pPr><w:jc w:val="center"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Heading"/></w:style>
<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders>
<w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideH w:val="single" w:sz="8" w:color="FF0000"/>
<w:insideV w:val="single" w:sz="4" w:color="00FF00"/></w:tblBorders></w:tblPr></w:style>
</w:styles>`;

const DOC = `<w:document><w:body>
<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t>Invoice</w:t></w:r></w:p>
<w:p><w:r><w:rPr><w:color w:val="C00000"/><w:sz w:val="28"/><w:highlight w:val="yellow"/></w:rPr><w:t>Due</w:t></w:r><w:r><w:t xml:space="preserve"> now</w:t></w:r></w:p>
<w:p><w:pPr><w:jc w:val="right"/></w:pPr></w:p>
<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="5000" w:type="pct"/></w:tblPr>
<w:tr><w:tc><w:tcPr><w:shd w:val="clear" w:fill="D9E2F3"/><w:vAlign w:val="center"/></w:tcPr><w:p><w:r><w:t>A</w:t></w:r></w:p></w:tc>
<w:tc><w:p/></w:tc></w:tr></w:tbl>
</w:body></w:document>`;

describe('formatting pass', () => {
  const classes: FormatClasses = new Map();
  const marked = markFormatting(DOC, readStyles(STYLES), classes);
  const css = [...classes.values()];

  it('Should carry run colour, size and highlight, but not touch plain runs', () => {
    expect(css).toContain('color:#c00000;font-size:14pt;background-color:#ffff00');
    expect(marked).toMatch(
      new RegExp(`<w:t>${F.runOpen}[0-9a-z]+${F.runSep}Due${F.runClose}</w:t>`),
    );
    expect(marked).toContain('<w:t xml:space="preserve"> now</w:t>');
  });

  it('Should read paragraph alignment from the style chain, and skip empty paragraphs', () => {
    expect(css).toContain('text-align:center');
    expect(css).not.toContain('text-align:right');
  });

  it('Should give every cell the table style’s inside borders, with shading and alignment', () => {
    expect(css).toContain(
      'border-top:1px solid #ff0000;border-bottom:1px solid #ff0000;border-left:1px solid #00ff00;border-right:1px solid #00ff00;background-color:#d9e2f3;vertical-align:middle',
    );
    expect(
      css.some((c) => c.startsWith('border-collapse:collapse;width:100%;border-top:1px solid')),
    ).toBe(true);
  });

  it('Should turn the markers into classes on the right elements after conversion', () => {
    const key = (prefix: string) =>
      [...classes.keys()].find((k) => k.startsWith(`vz${prefix}`))?.slice(2) ?? '';
    const html = applyFormatMarkers(
      `<h1>${F.paraOpen}${key('p')}${F.paraSep}Invoice</h1><table><tr><td><p>${F.tableOpen}${key('t')}${F.tableSep}${F.cellOpen}${key('c')}${F.cellSep}A</p></td></tr></table><p>${F.runOpen}${key('r')}${F.runSep}Due${F.runClose} stray ${F.cellOpen}zz${F.cellSep}</p>`,
    );
    expect(html).toBe(
      `<h1 class="vz${key('p')}">Invoice</h1><table class="vz${key('t')}"><tr><td class="vz${key('c')}"><p>A</p></td></tr></table><p><span class="vz${key('r')}">Due</span> stray </p>`,
    );
  });
});

// What Word writes for a styled table, a theme font, a character style and a body with defaults.
const WORD_STYLES = `<w:styles>
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:asciiTheme="minorHAnsi" w:hAnsiTheme="minorHAnsi"/><w:sz w:val="22"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="259" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:rPr><w:color w:val="2F5496"/><w:sz w:val="32"/></w:rPr></w:style>
<w:style w:type="character" w:styleId="Amount"><w:name w:val="Amount"/><w:rPr><w:b/><w:smallCaps/></w:rPr></w:style>
<w:style w:type="table" w:styleId="GridTable4"><w:name w:val="Grid Table 4"/><w:tblPr><w:tblBorders><w:insideH w:val="single" w:sz="4" w:color="8EAADB"/></w:tblBorders></w:tblPr>
<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:color w:val="FFFFFF"/></w:rPr><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="4472C4"/></w:tcPr></w:tblStylePr></w:style>
</w:styles>`;
const THEME =
  '<a:theme><a:fontScheme><a:majorFont><a:latin typeface="Calibri Light"/></a:majorFont><a:minorFont><a:latin typeface="Calibri"/></a:minorFont></a:fontScheme></a:theme>';

function table(firstRow: string): string {
  return `<w:document><w:body><w:tbl><w:tblPr><w:tblStyle w:val="GridTable4"/><w:tblW w:w="9000" w:type="dxa"/><w:jc w:val="center"/><w:tblLook w:val="04A0" w:firstRow="1"/></w:tblPr>
<w:tblGrid><w:gridCol w:w="1500"/><w:gridCol w:w="6000"/><w:gridCol w:w="1500"/></w:tblGrid>
${firstRow}<w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>Line</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:rPr><w:rStyle w:val="Amount"/></w:rPr><w:t>9.99</w:t></w:r></w:p></w:tc></w:tr>
</w:tbl><w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:drawing><wp:inline><wp:extent cx="1080135" cy="360045"/></wp:inline></w:drawing></w:r><w:r><w:t>Title</w:t></w:r></w:p></w:body></w:document>`;
}

describe('formatting from styles (Word)', () => {
  const styles = readStyles(WORD_STYLES, THEME);
  const header =
    '<w:tr><w:tc><w:p><w:r><w:t>Item</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr>';

  it('Should read the body font from the theme and spacing from the defaults', () => {
    expect(baseCss(styles, 9638)).toBe(
      ".vzbody{max-width:643px;line-height:1.24}\n.vzbody,.vzbody td,.vzbody th{font-family:'Calibri',Arial,Helvetica,sans-serif;font-size:11pt}\np{margin:0 0 8pt}",
    );
  });

  it('Should give the first row the table style’s header formatting, and every cell its grid width', () => {
    const classes: FormatClasses = new Map();
    const notes = {};
    markFormatting(table(header), styles, classes, notes);
    const css = [...classes.values()];
    expect(css).toContain(
      'border-top:1px solid #8eaadb;border-bottom:1px solid #8eaadb;width:100px;font-weight:bold;color:#ffffff;background-color:#4472c4',
    );
    // A cell spanning two grid columns is as wide as both; the style's first row is not repeated.
    expect(css).toContain(
      'border-top:1px solid #8eaadb;border-bottom:1px solid #8eaadb;width:500px',
    );
    expect(css).toContain(
      'border-collapse:collapse;width:600px;max-width:100%;margin-left:auto;margin-right:auto',
    );
    expect(css).toContain('font-weight:bold;font-variant:small-caps');
    // A heading's style is written out in full (the stylesheet's h1 would differ).
    expect(css).toContain(
      "margin:0 0 8pt;line-height:1.24;font-family:'Calibri',Arial,Helvetica,sans-serif;font-size:16pt;color:#2f5496",
    );
    expect(notes).toEqual({});
  });

  it('Should refuse the fast path when a row loop is the first row of such a table', () => {
    const loopRow = `<w:tr><w:tc><w:p><w:r><w:t xml:space="preserve">${T.sectionOpen}0${T.close}</w:t></w:r></w:p></w:tc></w:tr>`;
    const notes: FormatNotes = {};
    markFormatting(table(loopRow), styles, new Map(), notes);
    expect(notes.refusal).toMatch(/first row/);
  });

  it('Should mark an image with the size it has in the layout', () => {
    const marked = markFormatting(table(header), styles, new Map());
    expect(marked).toContain(`${F.imageOpen}113x38${F.imageSep}`);
    expect(
      applyFormatMarkers(
        `<p>${F.imageOpen}113x38${F.imageSep}<a href="x"><img src="cid:a" /></a></p>`,
      ),
    ).toBe('<p><a href="x"><img width="113" height="38" class="vzimg" src="cid:a" /></a></p>');
  });
});

describe('font stacks', () => {
  it('Should put the layout font first, its metric twin next, then fallbacks of its kind', async () => {
    const { fontStack } = await import('./ooxml-props');
    expect(fontStack('Carlito')).toBe("'Carlito','Calibri',Arial,Helvetica,sans-serif");
    expect(fontStack('Liberation Serif')).toBe(
      "'Liberation Serif','Times New Roman',Georgia,serif",
    );
    expect(fontStack('DejaVu Sans Mono')).toBe("'DejaVu Sans Mono','Courier New',monospace");
    // "Unicode" is not "code": a sans font stays sans.
    expect(fontStack('Liberation Sans Unicode MS')).toBe(
      "'Liberation Sans Unicode MS',Arial,Helvetica,sans-serif",
    );
    expect(fontStack("Evil'}body{x")).toBeUndefined();
  });
});
