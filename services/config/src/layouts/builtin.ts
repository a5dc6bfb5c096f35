/**
 * Built-in layouts: read-only, the same for every company. Three email-body
 * layouts are defined here as text (made into .docx by {@link minimalDocx});
 * any `.docx` dropped into the built-in directory (default
 * `services/config/layouts/`, with an optional sibling `.json` giving name,
 * description and reportId) joins them. Their content goes into the blob store
 * at start-up (content-addressed, so every replica writing it is harmless).
 * @module
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { type BlobStore, Layout, type Logger } from '@verzend/shared';
import { checkDocx } from './docx-check';
import { minimalDocx } from './minimal-docx';

interface BuiltinDefinition {
  id: string;
  name: string;
  description: string;
  reportId: number | null;
  fileName: string;
  content: () => Promise<Buffer> | Buffer;
}

const DEFINED: BuiltinDefinition[] = [
  {
    id: 'builtin-sales-invoice-email',
    name: 'Standard Sales - Invoice (email body)',
    description: 'A short email body for posted sales invoices; the invoice itself is attached.',
    reportId: 1306,
    fileName: 'standard-sales-invoice-email.docx',
    content: () =>
      minimalDocx([
        'Dear {customerName},',
        'Please find attached invoice {documentNo} from {companyName}.',
        'Amount due: {amountDue} {currency}, due on {dueDate}.',
        'Kind regards,',
        '{companyName}',
      ]),
  },
  {
    id: 'builtin-reminder-email',
    name: 'Reminder (email body)',
    description: 'A polite payment reminder.',
    reportId: 117,
    fileName: 'reminder-email.docx',
    content: () =>
      minimalDocx([
        'Dear {customerName},',
        'Our records show that {amountDue} {currency} is still open on your account. Reminder {documentNo} is attached.',
        'If you have already paid, please disregard this message.',
        'Kind regards,',
        '{companyName}',
      ]),
  },
  {
    id: 'builtin-customer-statement-email',
    name: 'Customer Statement (email body)',
    description: 'Covers the attached customer statement.',
    reportId: 1316,
    fileName: 'customer-statement-email.docx',
    content: () =>
      minimalDocx([
        'Dear {customerName},',
        'Attached is your statement {documentNo} from {companyName}.',
        'Kind regards,',
        '{companyName}',
      ]),
  },
];

const BUILT_AT = '2026-01-01T00:00:00.000Z';

/** The built-in layouts of this service instance. */
export class BuiltinLayouts {
  readonly #layouts = new Map<string, Layout>();

  /** Loads the definitions and the directory's .docx files, storing their content as blobs. */
  static async load(
    blobs: BlobStore,
    dir: string | undefined,
    logger: Logger,
  ): Promise<BuiltinLayouts> {
    const out = new BuiltinLayouts();
    const defs = [...DEFINED];
    if (dir && existsSync(dir)) {
      for (const file of (await readdir(dir)).filter((f) => f.endsWith('.docx')).sort()) {
        const slug = basename(file, '.docx')
          .toLowerCase()
          .replace(/[^a-z0-9-]+/g, '-')
          .slice(0, 50);
        const metaPath = join(dir, `${basename(file, '.docx')}.json`);
        const meta = existsSync(metaPath)
          ? (JSON.parse(await readFile(metaPath, 'utf8')) as Partial<BuiltinDefinition>)
          : {};
        defs.push({
          id: `builtin-${slug}`,
          name: meta.name ?? basename(file, '.docx'),
          description: meta.description ?? '',
          reportId: meta.reportId ?? null,
          fileName: file,
          content: () => readFile(join(dir, file)),
        });
      }
    }
    for (const def of defs) {
      try {
        const bytes = await def.content();
        checkDocx(bytes);
        const blob = await blobs.putBytes(bytes);
        out.#layouts.set(
          def.id,
          Layout.parse({
            id: def.id,
            name: def.name,
            description: def.description,
            reportId: def.reportId,
            builtIn: true,
            blob,
            fileName: def.fileName,
            createdAt: BUILT_AT,
            updatedAt: BUILT_AT,
          }),
        );
      } catch (err) {
        // One broken file in the directory must not stop the service; it is simply not offered.
        logger.error({ err, layout: def.id }, 'built-in layout skipped');
      }
    }
    return out;
  }

  /** Every built-in layout, by name. */
  list(): Layout[] {
    return [...this.#layouts.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** One built-in layout, or undefined. */
  get(id: string): Layout | undefined {
    return this.#layouts.get(id);
  }
}
