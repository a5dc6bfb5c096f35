import PizZip from 'pizzip';
import { describe, expect, it } from 'vitest';
import { prepareForPrinting } from './guard';
import { registryModifications } from './profile';

const limits = { maxDocxBytes: 1024 * 1024, maxUnzippedBytes: 4 * 1024 * 1024 };
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

function docx(rels: string, body: string): Uint8Array {
  const zip = new PizZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
  zip.file('word/_rels/document.xml.rels', `<Relationships>${rels}</Relationships>`);
  zip.file('word/document.xml', `<w:document><w:body>${body}</w:body></w:document>`);
  return zip.generate({ type: 'uint8array', compression: 'DEFLATE' });
}

const part = (bytes: Uint8Array, name: string) => new PizZip(bytes).file(name)?.asText() ?? '';

describe('prepareForPrinting', () => {
  it('removes external relationships but hyperlinks, and neutralises fields that include files', () => {
    const input = docx(
      `<Relationship Id="r1" Type="${R}/hyperlink" Target="https://example.com/pay" TargetMode="External"/>` +
        `<Relationship Id="r2" Type="${R}/image" Target="http://evil.example/x.png" TargetMode="External"/>` +
        `<Relationship Id="r3" Type="${R}/attachedTemplate" Target="file:///share/t.dotm" TargetMode="External"/>` +
        `<Relationship Id="r4" Type="${R}/image" Target="media/logo.png"/>`,
      '<w:p><w:r><w:instrText xml:space="preserve"> INCLUDEPICTURE "http://evil.example/y.png" \\d </w:instrText></w:r></w:p>' +
        '<w:p><w:fldSimple w:instr=" INCLUDETEXT &quot;c:\\\\x.docx&quot; "/></w:p>' +
        '<w:p><w:r><w:instrText> PAGE </w:instrText></w:r></w:p>',
    );
    const { docx: out, report } = prepareForPrinting(input, limits);
    expect(report).toEqual({ removedRelationships: 2, neutralisedFields: 2 });
    const rels = part(out, 'word/_rels/document.xml.rels');
    expect(rels).toContain('https://example.com/pay');
    expect(rels).toContain('media/logo.png');
    expect(rels).not.toContain('evil.example');
    expect(rels).not.toContain('t.dotm');
    const doc = part(out, 'word/document.xml');
    expect(doc).not.toMatch(/INCLUDEPICTURE|INCLUDETEXT/);
    expect(doc).toContain('QUOTE "http://evil.example/y.png"');
    expect(doc).toContain(' PAGE ');
  });

  it('returns the same bytes when there is nothing to remove', () => {
    const input = docx(
      `<Relationship Id="r4" Type="${R}/image" Target="media/logo.png"/>`,
      '<w:p/>',
    );
    expect(prepareForPrinting(input, limits).docx).toBe(input);
  });

  it('runs the size and zip-bomb guards first', () => {
    const bomb = docx('', `<w:p><w:r><w:t>${'a'.repeat(5 * 1024 * 1024)}</w:t></w:r></w:p>`);
    expect(() => prepareForPrinting(bomb, limits)).toThrow(
      expect.objectContaining({ code: 'LAYOUT_INVALID' }),
    );
    expect(() => prepareForPrinting(new Uint8Array([1, 2, 3]), limits)).toThrow(
      expect.objectContaining({ code: 'LAYOUT_INVALID' }),
    );
  });
});

describe('the LibreOffice profile', () => {
  it('turns off macros and link updates and sends internet access nowhere', () => {
    const xcu = registryModifications();
    expect(xcu).toContain(
      '"DisableMacrosExecution" oor:op="fuse" oor:type="xs:boolean"><value>true',
    );
    expect(xcu).toContain(
      '"BlockUntrustedRefererLinks" oor:op="fuse" oor:type="xs:boolean"><value>true',
    );
    expect(xcu).toContain(
      '"ooInetHTTPSProxyName" oor:op="fuse" oor:type="xs:string"><value>127.0.0.1',
    );
    expect(xcu).toContain('"ooInetHTTPSProxyPort" oor:op="fuse" oor:type="xs:int"><value>9');
  });
});
