/**
 * docx → HTML with mammoth: our style map (headings, title, underline, quotes),
 * images as CID references collected for inline attachments (EMF/WMF, which
 * mail clients cannot show, are dropped with a warning), and mammoth's notes
 * kept as warnings when a designer can act on them.
 * @module
 */
import { createHash } from 'node:crypto';
import mammoth from 'mammoth';
import { LayoutInvalidError } from '../docx/layout-error';
import type { Warnings } from '../render/warnings';

/** An image of the layout, sent as an inline (CID) attachment. */
export interface RenderedImage {
  contentId: string;
  fileName: string;
  contentType: string;
  bytes: Uint8Array;
}

/** mammoth style map: what each Word style becomes in the email. */
export const STYLE_MAP = [
  "p[style-name='Title'] => h1:fresh",
  "p[style-name='Subtitle'] => h2:fresh",
  "p[style-name='Quote'] => blockquote > p:fresh",
  "p[style-name='Intense Quote'] => blockquote > p:fresh",
  "r[style-name='Strong'] => strong",
  "r[style-name='Strong Emphasis'] => strong",
  "r[style-name='Emphasis'] => em",
  'u => u',
  'strike => s',
  'comment-reference => !',
];

const UNUSABLE_IMAGE_TYPES = new Set(['image/x-emf', 'image/x-wmf', 'image/emf', 'image/wmf']);
const EXTENSIONS: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/bmp': 'bmp',
  'image/svg+xml': 'svg',
  'image/webp': 'webp',
  'image/tiff': 'tif',
};

function convert(docx: Buffer, images: Map<string, RenderedImage>, warnings: Warnings) {
  return mammoth.convertToHtml(
    { buffer: docx },
    {
      styleMap: STYLE_MAP,
      includeDefaultStyleMap: true,
      ignoreEmptyParagraphs: true,
      externalFileAccess: false,
      convertImage: mammoth.images.imgElement(async (image) => {
        if (UNUSABLE_IMAGE_TYPES.has(image.contentType)) {
          warnings.add({
            code: 'IMAGE_UNSUPPORTED',
            message: `An ${image.contentType.replace('image/x-', '').toUpperCase()} image was left out: mail clients cannot show EMF/WMF. Insert it as PNG or JPEG.`,
          });
          return { src: '' };
        }
        const bytes = await image.readAsBuffer();
        const sha = createHash('sha256').update(bytes).digest('hex');
        const contentId = `img-${sha.slice(0, 24)}@verzend`;
        if (!images.has(contentId)) {
          images.set(contentId, {
            contentId,
            fileName: `image-${sha.slice(0, 12)}.${EXTENSIONS[image.contentType] ?? 'bin'}`,
            contentType: image.contentType,
            bytes: new Uint8Array(bytes),
          });
        }
        return { src: `cid:${contentId}` };
      }),
    },
  );
}

/** Converts a (filled, format-marked) .docx to body HTML; images are added to `images`. */
export async function convertDocx(
  docx: Buffer,
  images: Map<string, RenderedImage>,
  warnings: Warnings,
): Promise<string> {
  let result: Awaited<ReturnType<typeof mammoth.convertToHtml>>;
  try {
    result = await convert(docx, images, warnings);
  } catch (cause) {
    // mammoth reads parts docxtemplater never parsed (styles, numbering, relationships…).
    const detail = cause instanceof Error ? (cause.message.split('\n')[0] ?? '') : String(cause);
    throw new LayoutInvalidError(
      [
        {
          code: /xmldom|xml/i.test(detail) ? 'file_has_invalid_xml' : 'conversion_failed',
          message: `The document cannot be converted: a part is damaged (${detail}). Open and save it again in Word.`,
        },
      ],
      { cause },
    );
  }
  for (const m of result.messages) {
    // Unmapped styles are normal in layouts (LibreOffice's "Text Body", "Table Contents"…): not worth a warning.
    if (/^Unrecognised (paragraph|run|table) style/.test(m.message)) {
      continue;
    }
    warnings.add({ code: 'CONVERSION_NOTE', message: m.message });
  }
  return result.value;
}
