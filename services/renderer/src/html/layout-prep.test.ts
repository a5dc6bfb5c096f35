import PizZip from 'pizzip';
import { describe, expect, it } from 'vitest';
import {
  markPageBreaks,
  prepareLayout,
  removePageFields,
  tabParagraphsToTables,
} from './layout-prep';
import { F } from './markers';
import { readStyles } from './styles';

const run = (t: string) => `<w:r><w:t xml:space="preserve">${t}</w:t></w:r>`;
const field = (instr: string, shown: string) =>
  `<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> ${instr} </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>${run(shown)}<w:r><w:fldChar w:fldCharType="end"/></w:r>`;

describe('page layout to email layout', () => {
  it('Should drop page-number fields, and a paragraph left with only their labels', () => {
    const pageOfPages = `<w:p>${run('Page ')}${field('PAGE', '1')}${run(' of ')}${field('NUMPAGES', '2')}</w:p>`;
    const dutch = `<w:p>${run('Pagina ')}<w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p>`;
    const legal = `<w:p>${run('KvK 12345678 · Page ')}${field('PAGE', '1')}</w:p>`;
    const date = `<w:p>${field('DATE', '6-12-2026')}</w:p>`;
    const out = removePageFields(`${pageOfPages}${dutch}${legal}${date}`);
    expect(out).not.toContain('Page');
    expect(out).not.toContain('Pagina');
    expect(out).toContain('KvK 12345678 ·');
    expect(out).toContain('6-12-2026');
  });

  it('Should turn page breaks into separator paragraphs', () => {
    const before = '<w:p><w:pPr><w:pageBreakBefore/></w:pPr><w:r><w:t>B</w:t></w:r></w:p>';
    const inRun = `<w:p><w:r><w:br w:type="page"/></w:r>${run('C')}</w:p>`;
    const after = `<w:p>${run('D')}<w:r><w:br w:type="page"/></w:r></w:p>`;
    const sep = `<w:p><w:r><w:t>${F.pageBreak}</w:t></w:r></w:p>`;
    expect(markPageBreaks(before)).toBe(`${sep}${before}`);
    expect(markPageBreaks(inRun)).toBe(`${sep}<w:p><w:r></w:r>${run('C')}</w:p>`);
    expect(markPageBreaks(after)).toBe(`<w:p>${run('D')}<w:r></w:r></w:p>${sep}`);
  });

  it('Should lay a paragraph with tab stops out as a one-row table at the stops', () => {
    const p = `<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="1500"/><w:tab w:val="right" w:pos="9000"/></w:tabs><w:pBdr><w:top w:val="single" w:sz="8" w:color="C00000"/></w:pBdr></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>No.</w:t><w:tab/><w:t>Total</w:t><w:tab/><w:t>€ 5,00</w:t></w:r></w:p>`;
    const out = tabParagraphsToTables(p, readStyles(undefined));
    expect(out).toMatch(/^<w:tbl><w:tblPr><w:tblW w:w="9000" w:type="dxa"\/>/);
    expect(out).toContain('<w:tcW w:w="1500" w:type="dxa"/>');
    // Each cell keeps the run's formatting; the last is right-aligned at the stop.
    expect(out.match(/<w:rPr><w:b\/><\/w:rPr>/g)).toHaveLength(3);
    expect(out).toMatch(
      /<w:jc w:val="right"\/><\/w:pPr><w:r><w:rPr><w:b\/><\/w:rPr><w:t>€ 5,00<\/w:t><\/w:r>/,
    );
    // The paragraph's rule goes to the cells, so it runs the whole width.
    expect(out.match(/<w:tcBorders><w:top w:val="single"/g)).toHaveLength(3);
    // A tab inside a link cannot be split: the paragraph stays as it is.
    // Nor does one holding a text box (its own paragraphs would be cut in half).
    const box = `<w:p><w:pPr><w:tabs><w:tab w:val="right" w:pos="9000"/></w:tabs></w:pPr><w:r><w:t>a</w:t><w:tab/><w:drawing><w:txbxContent><w:p><w:r><w:t>in box</w:t></w:r></w:p></w:txbxContent></w:drawing></w:r></w:p>`;
    expect(tabParagraphsToTables(box, readStyles(undefined))).toBe(box);
    const link = `<w:p><w:pPr><w:tabs><w:tab w:val="right" w:pos="9000"/></w:tabs></w:pPr><w:hyperlink r:id="x"><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t></w:r></w:hyperlink></w:p>`;
    expect(tabParagraphsToTables(link, readStyles(undefined))).toBe(link);
  });

  it('Should put the first-page header above and the footer below the body, with its images', () => {
    const zip = new PizZip();
    zip.file(
      'word/_rels/document.xml.rels',
      '<Relationships><Relationship Id="rId1" Type="t/header" Target="header1.xml"/><Relationship Id="rId2" Type="t/header" Target="header2.xml"/><Relationship Id="rId3" Type="t/footer" Target="footer1.xml"/></Relationships>',
    );
    zip.file('word/header1.xml', `<w:hdr>${'<w:p><w:r><w:t>every page</w:t></w:r></w:p>'}</w:hdr>`);
    zip.file(
      'word/header2.xml',
      '<w:hdr><w:p><w:r><w:drawing><a:blip r:embed="rId7"/></w:drawing></w:r></w:p></w:hdr>',
    );
    zip.file(
      'word/_rels/header2.xml.rels',
      '<Relationships><Relationship Id="rId7" Type="t/image" Target="media/logo.png"/></Relationships>',
    );
    zip.file('word/footer1.xml', `<w:ftr><w:p>${run('IBAN NL91')}</w:p></w:ftr>`);
    const doc = `<w:document><w:body><w:p>${run('Body')}</w:p><w:sectPr><w:headerReference w:type="default" r:id="rId1"/><w:headerReference w:type="first" r:id="rId2"/><w:footerReference w:type="default" r:id="rId3"/><w:titlePg/></w:sectPr></w:body></w:document>`;
    const out = prepareLayout(zip, 'word/document.xml', doc, readStyles(undefined), {
      headerFooter: true,
    });
    expect(out).toMatch(
      /<w:body><w:p><w:r><w:drawing><a:blip r:embed="vzHrId7"\/>.*Body.*IBAN NL91.*<w:sectPr>/,
    );
    expect(out).not.toContain('every page');
    expect(zip.file('word/_rels/document.xml.rels')?.asText()).toContain(
      '<Relationship Id="vzHrId7" Type="t/image" Target="media/logo.png"/>',
    );
    const none = prepareLayout(new PizZip(), 'word/document.xml', doc, readStyles(undefined), {
      headerFooter: false,
    });
    expect(none).toBe(doc);
  });
});
