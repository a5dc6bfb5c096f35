import { describe, expect, it } from 'vitest';
import { applyFormatMarkers, type FormatClasses, markFormatting, readStyles } from './format-pass';
import { F } from './markers';

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
