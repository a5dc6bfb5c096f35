/**
 * Compose email: a TipTap rich-text editor (fonts, sizes, bold, italic,
 * underline, colours, lists, links, images) and sending the message with its
 * files as one multipart request through the console's API forwarding, with
 * an upload progress bar. Problems are shown next to the field they name.
 * @module
 */
import { Editor } from '@tiptap/core';
import Image from '@tiptap/extension-image';
import { TextStyleKit } from '@tiptap/extension-text-style';
import StarterKit from '@tiptap/starter-kit';
import { send, submitWithProgress } from './api';

/** An image put in the editor, sent as an inline attachment. */
interface InlineImage {
  cid: string;
  file: File;
}

const form = document.querySelector<HTMLFormElement>('form#compose');
const mount = document.querySelector<HTMLElement>('#editor');

if (form && mount) {
  const editor = new Editor({
    element: mount,
    extensions: [
      StarterKit.configure({
        link: { openOnClick: false, protocols: ['http', 'https', 'mailto'] },
      }),
      TextStyleKit,
      Image.configure({ inline: true, allowBase64: false }),
    ],
    content: mount.dataset.html ?? '',
    editorProps: {
      attributes: {
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-labelledby': 'body-label',
        class: 'ProseMirror',
      },
    },
  });
  const inlineImages = new Map<string, InlineImage>();
  bindToolbar(editor, inlineImages);

  let mode: 'send' | 'draft' = 'send';
  for (const button of form.querySelectorAll<HTMLButtonElement>('button[name="mode"]')) {
    button.addEventListener('click', () => {
      mode = button.value === 'draft' ? 'draft' : 'send';
    });
  }
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const list = (name: string) =>
      String(data.get(name) ?? '')
        .split(/[,;\n]/)
        .map((s) => s.trim())
        .filter(Boolean);
    const attached = (selector: string) =>
      [...form.querySelectorAll<HTMLInputElement>(selector)].map(
        (el) => JSON.parse(el.dataset.attachment ?? '{}') as unknown,
      );
    // The draft's files still ticked, its inline images, then the offered defaults ticked.
    const offered = [
      ...attached('input[name="kept"]:checked'),
      ...attached('input[name="inlineKept"]'),
      ...attached('input[name="offered"]:checked'),
    ];
    const accountId = String(data.get('accountId') ?? '');
    // Inline images: their blob: URLs become cid: references, their files `inline:<cid>` parts.
    let html = editor.getHTML();
    const inline: InlineImage[] = [];
    for (const [src, image] of inlineImages) {
      if (html.includes(src)) {
        html = html.replaceAll(src, `cid:${image.cid}`);
        inline.push(image);
      }
    }
    const message = {
      to: list('to'),
      cc: list('cc'),
      bcc: list('bcc'),
      subject: String(data.get('subject') ?? ''),
      html,
      scenario: String(data.get('scenario') ?? 'default'),
      ...(accountId ? { accountId } : {}),
      attachments: offered,
      mode,
    };
    const body = new FormData();
    body.append('message', JSON.stringify(message));
    const files = form.querySelector<HTMLInputElement>('input[type="file"]')?.files ?? [];
    for (const file of files) {
      body.append('file', file, file.name);
    }
    for (const image of inline) {
      body.append(`inline:${image.cid}`, image.file, image.file.name);
    }
    const draftId = form.dataset.draft;
    // A draft being edited is replaced as JSON: its new files are uploaded first (each once,
    // by its hash) and referred to.
    await submitWithProgress(
      form,
      async (onProgress) => {
        if (!draftId) {
          return send('POST', '/api/dispatcher/v1/emails', body, onProgress);
        }
        const total = [...files].reduce((n, f) => n + f.size, 0) || 1;
        let done = 0;
        for (const file of files) {
          const uploaded = await uploadBlob(file, (f) =>
            onProgress(Math.min(0.99, (done + f * file.size) / total)),
          );
          if (uploaded.status >= 300) {
            return uploaded;
          }
          done += file.size;
          message.attachments.push({
            fileName: file.name,
            contentType: file.type || 'application/octet-stream',
            blob: uploaded.json,
          });
        }
        return send(
          'PATCH',
          `/api/dispatcher/v1/emails/${draftId}`,
          JSON.stringify(message),
          () => undefined,
          { 'content-type': 'application/json' },
        );
      },
      (json) => {
        const id = (json as { id?: string }).id ?? '';
        return mode === 'draft' ? `/outbox/${id}` : `/emails/${id}`;
      },
    );
  });
}

/** Uploads a file by its SHA-256 (`PUT /v1/blobs/{sha256}`); the answer is its blob reference. */
async function uploadBlob(
  file: File,
  onProgress: (fraction: number) => void,
): Promise<{ status: number; json: unknown }> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await file.arrayBuffer()));
  const sha256 = [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
  return send('PUT', `/api/dispatcher/v1/blobs/${sha256}`, file, onProgress, {
    'content-type': 'application/octet-stream',
  });
}

/** Wires the toolbar's buttons and pickers to editor commands. */
function bindToolbar(editor: Editor, inlineImages: Map<string, InlineImage>): void {
  const toolbar = document.querySelector<HTMLElement>('.editor-toolbar');
  if (!toolbar) {
    return;
  }
  toolbar.hidden = false;
  const run: Record<string, () => void> = {
    bold: () => editor.chain().focus().toggleBold().run(),
    italic: () => editor.chain().focus().toggleItalic().run(),
    underline: () => editor.chain().focus().toggleUnderline().run(),
    bulletList: () => editor.chain().focus().toggleBulletList().run(),
    orderedList: () => editor.chain().focus().toggleOrderedList().run(),
    link: () => {
      const url = window.prompt(toolbar.dataset.linkPrompt ?? 'URL', 'https://');
      if (url) {
        editor.chain().focus().extendMarkRange('link').setLink({ href: url }).run();
      } else {
        editor.chain().focus().unsetLink().run();
      }
    },
    image: () => {
      // Images travel with the email as inline (CID) attachments: remote images never reach a
      // recipient (the mail-safe policy drops them). Shown from a blob: URL until sent.
      const picker = document.createElement('input');
      picker.type = 'file';
      picker.accept = 'image/png,image/jpeg,image/gif';
      picker.addEventListener('change', () => {
        const file = picker.files?.[0];
        if (file) {
          const src = URL.createObjectURL(file);
          inlineImages.set(src, { cid: `${crypto.randomUUID()}@verzend`, file });
          editor.chain().focus().setImage({ src, alt: file.name }).run();
        }
      });
      picker.click();
    },
  };
  for (const button of toolbar.querySelectorAll<HTMLButtonElement>('button[data-cmd]')) {
    // Keep the caret in the editor: a mouse press on a button would move focus away first.
    button.addEventListener('mousedown', (event) => event.preventDefault());
    button.addEventListener('click', () => run[button.dataset.cmd ?? '']?.());
  }
  const font = toolbar.querySelector<HTMLSelectElement>('select[name="fontFamily"]');
  font?.addEventListener('change', () => {
    const chain = editor.chain().focus();
    (font.value ? chain.setFontFamily(font.value) : chain.unsetFontFamily()).run();
  });
  const size = toolbar.querySelector<HTMLSelectElement>('select[name="fontSize"]');
  size?.addEventListener('change', () => {
    const chain = editor.chain().focus();
    (size.value ? chain.setFontSize(size.value) : chain.unsetFontSize()).run();
  });
  const colour = toolbar.querySelector<HTMLInputElement>('input[name="color"]');
  colour?.addEventListener('input', () => editor.chain().focus().setColor(colour.value).run());
  const marks = ['bold', 'italic', 'underline', 'bulletList', 'orderedList', 'link'];
  editor.on('transaction', () => {
    for (const name of marks) {
      toolbar
        .querySelector(`button[data-cmd="${name}"]`)
        ?.setAttribute('aria-pressed', String(editor.isActive(name)));
    }
  });
}
