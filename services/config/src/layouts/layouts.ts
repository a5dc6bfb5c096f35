/**
 * Word layouts: upload (checked here, then validated by the renderer before
 * anything is stored), list, export, delete, and "customise" a built-in into
 * an editable "Copy of <name>". Built-in layouts are read-only.
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  ConflictError,
  Layout,
  NotFoundError,
  type Principal,
  type ReportSelection,
  Rpc,
  requestJson,
  UnprocessableError,
  ValidateLayoutResult,
  ValidationError,
  zodIssues,
} from '@verzend/shared';
import { z } from 'zod';
import { audit } from '../audit';
import type { ConfigContext } from '../context';
import { ConfigKeys } from '../store/keys';
import { readBounded, receiveUpload } from '../uploads/multipart';
import { checkDocx } from './docx-check';

/** Metadata a client may set on a custom layout. */
export const LayoutMetadata = z
  .object({
    name: Layout.shape.name.pipe(z.string().min(1)),
    description: z.string().max(1000).default(''),
    reportId: z.coerce.number().int().min(1).nullable().default(null),
  })
  .meta({ id: 'LayoutMetadata' });

/** Layout operations. */
export class Layouts {
  readonly #ctx: ConfigContext;

  constructor(ctx: ConfigContext) {
    this.#ctx = ctx;
  }

  /** Built-in and custom layouts. */
  async list(company: string): Promise<Layout[]> {
    const custom = await this.#ctx.config.list<Layout>(ConfigKeys.layoutPrefix(company));
    return [
      ...this.#ctx.builtins.list(),
      ...custom.map((d) => d.value).sort((a, b) => a.name.localeCompare(b.name)),
    ];
  }

  /** One layout. @throws {NotFoundError} */
  async get(company: string, id: string): Promise<Layout> {
    const builtin = this.#ctx.builtins.get(id);
    if (builtin) {
      return builtin;
    }
    const doc = await this.#ctx.config.get<Layout>(ConfigKeys.layout(company, id));
    if (!doc) {
      throw new NotFoundError(`No layout ${id}.`);
    }
    return doc.value;
  }

  /** The layout and a stream of its .docx. */
  async content(company: string, id: string): Promise<{ layout: Layout; stream: Readable }> {
    const layout = await this.get(company, id);
    return { layout, stream: await this.#ctx.blobs.getStream(layout.blob.sha256) };
  }

  /**
   * Receives a multipart upload (`file`, `name`, optional `description`, `reportId`),
   * checks it, has the renderer validate it, and only then stores it.
   * @throws {UnprocessableError} LAYOUT_INVALID with every error found.
   * @throws {UnavailableError} when no renderer answers (nothing is stored).
   */
  async upload(actor: Principal, request: Request): Promise<Layout> {
    const received = await this.#receive(actor, request);
    const meta = LayoutMetadata.safeParse({
      name: received.fields.name ?? received.fileName.replace(/\.docx$/i, ''),
      description: received.fields.description,
      reportId: received.fields.reportId === '' ? undefined : received.fields.reportId,
    });
    if (!meta.success) {
      throw new ValidationError('The layout details are not valid.', {
        errors: zodIssues(meta.error),
      });
    }
    const time = new Date().toISOString();
    const layout = Layout.parse({
      id: randomUUID(),
      ...meta.data,
      builtIn: false,
      blob: received.blob,
      fileName: received.fileName.slice(0, 250),
      createdAt: time,
      updatedAt: time,
    });
    await this.#ctx.config.create(ConfigKeys.layout(actor.company, layout.id), layout, {
      message: 'A layout with this id exists.',
    });
    audit(this.#ctx, actor, { kind: 'layout', action: 'created', id: layout.id });
    return layout;
  }

  /**
   * Replaces the .docx of a custom layout (e.g. a customised built-in edited in
   * Word), with the same checks and renderer validation as an upload.
   */
  async replaceContent(actor: Principal, id: string, request: Request): Promise<Layout> {
    this.#assertCustom(id);
    const key = ConfigKeys.layout(actor.company, id);
    const current = await this.#ctx.config.get<Layout>(key);
    if (!current) {
      throw new NotFoundError(`No layout ${id}.`);
    }
    const received = await this.#receive(actor, request);
    const next = Layout.parse({
      ...current.value,
      blob: received.blob,
      fileName: received.fileName.slice(0, 250),
      updatedAt: new Date().toISOString(),
    });
    await this.#ctx.config.update(key, next, current.revision, 'The layout');
    audit(this.#ctx, actor, { kind: 'layout', action: 'updated', id, detail: 'content replaced' });
    return next;
  }

  /** Reads, checks, stores and validates an uploaded .docx; nothing refers to it yet. */
  async #receive(
    actor: Principal,
    request: Request,
  ): Promise<{
    fields: Record<string, string>;
    fileName: string;
    blob: { sha256: string; size: number };
  }> {
    const upload = await receiveUpload(request, {
      fileField: 'file',
      maxFileBytes: this.#ctx.limits.maxLayoutBytes,
      consume: (stream) => readBounded(stream, this.#ctx.limits.maxLayoutBytes),
    });
    if (!upload.file) {
      throw new ValidationError('The upload has no file; send the .docx as the "file" part.', {
        errors: [{ path: 'file', message: 'is required' }],
      });
    }
    const data = upload.file.result;
    try {
      checkDocx(data);
      const blob = await this.#ctx.blobs.putBytes(data);
      await this.#ctx.owners.grant(actor.company, blob);
      await this.#validate(actor.company, blob);
      return { fields: upload.fields, fileName: upload.file.fileName, blob };
    } catch (err) {
      if (err instanceof UnprocessableError && err.code === 'LAYOUT_INVALID') {
        this.#ctx.telemetry.emit('layout-rejected', {
          company: actor.company,
          actor: actor.userId,
          fileName: upload.file.fileName,
          errors: err.errors?.length ?? 0,
        });
      }
      throw err;
    }
  }

  /** Asks the renderer to validate stored content; refuses when it finds errors. */
  async #validate(company: string, blob: { sha256: string; size: number }): Promise<void> {
    const result = await requestJson(
      this.#ctx.nc,
      Rpc.renderValidate,
      { company, layout: { blob } },
      ValidateLayoutResult,
      { timeoutMs: this.#ctx.timeouts.validateLayoutMs },
    );
    if (!result.valid) {
      const errors = result.errors.map((e) => ({ path: 'file', ...e }));
      throw new UnprocessableError(
        'LAYOUT_INVALID',
        `The layout has ${errors.length} error${errors.length === 1 ? '' : 's'}: ${errors
          .slice(0, 3)
          .map((e) => e.message)
          .join('; ')}${errors.length > 3 ? '; …' : ''}`,
        { errors, extra: { tags: result.tags } },
      );
    }
  }

  /** Changes name, description or report id of a custom layout. */
  async update(
    actor: Principal,
    id: string,
    patch: Partial<z.output<typeof LayoutMetadata>>,
  ): Promise<Layout> {
    this.#assertCustom(id);
    const key = ConfigKeys.layout(actor.company, id);
    const doc = await this.#ctx.config.get<Layout>(key);
    if (!doc) {
      throw new NotFoundError(`No layout ${id}.`);
    }
    const next = Layout.parse({
      ...doc.value,
      ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
      updatedAt: new Date().toISOString(),
    });
    await this.#ctx.config.update(key, next, doc.revision, 'The layout');
    audit(this.#ctx, actor, { kind: 'layout', action: 'updated', id });
    return next;
  }

  /** Copies a layout (typically a built-in) into an editable "Copy of <name>". */
  async customise(actor: Principal, id: string): Promise<Layout> {
    const source = await this.get(actor.company, id);
    // The copy is the company's own layout: its content becomes the company's to use by reference.
    await this.#ctx.owners.grant(actor.company, source.blob);
    const time = new Date().toISOString();
    const copy = Layout.parse({
      ...source,
      id: randomUUID(),
      name: `Copy of ${source.name}`.slice(0, 250),
      builtIn: false,
      createdAt: time,
      updatedAt: time,
    });
    await this.#ctx.config.create(ConfigKeys.layout(actor.company, copy.id), copy, {
      message: 'A layout with this id exists.',
    });
    audit(this.#ctx, actor, {
      kind: 'layout',
      action: 'created',
      id: copy.id,
      detail: `copy of ${id}`,
    });
    return copy;
  }

  /** Deletes a custom layout that no report selection uses. */
  async delete(actor: Principal, id: string): Promise<void> {
    this.#assertCustom(id);
    await this.get(actor.company, id);
    const users = (
      await this.#ctx.config.list<ReportSelection>(ConfigKeys.reportSelectionPrefix(actor.company))
    )
      .filter((s) =>
        s.value.entries.some((e) => e.bodyLayoutId === id || e.attachmentLayoutId === id),
      )
      .map((s) =>
        s.value.customerNo ? `${s.value.usage} (customer ${s.value.customerNo})` : s.value.usage,
      );
    if (users.length > 0) {
      throw new ConflictError(`The layout is used by report selections: ${users.join(', ')}.`, {
        extra: { usedBy: users },
      });
    }
    await this.#ctx.config.delete(ConfigKeys.layout(actor.company, id));
    audit(this.#ctx, actor, { kind: 'layout', action: 'deleted', id });
  }

  #assertCustom(id: string): void {
    if (this.#ctx.builtins.get(id)) {
      throw new ConflictError(
        'Built-in layouts are read-only; customise one to get an editable copy.',
        {
          code: 'INVALID_STATE',
        },
      );
    }
  }
}
