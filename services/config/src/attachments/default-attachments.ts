/**
 * Default attachments per scenario: files streamed into the content-addressed
 * blob store (the same file is stored once), flagged auto-add (added to every
 * email of the scenario) or offered (the user may add it).
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DefaultAttachment, NotFoundError, type Principal, ValidationError } from '@verzend/shared';
import { audit } from '../audit';
import type { ConfigContext } from '../context';
import type { Scenarios } from '../scenarios/scenarios';
import { ConfigKeys } from '../store/keys';
import { formBoolean, receiveUpload } from '../uploads/multipart';

/** Default-attachment operations. */
export class DefaultAttachments {
  readonly #ctx: ConfigContext;
  readonly #scenarios: Scenarios;

  constructor(ctx: ConfigContext, scenarios: Scenarios) {
    this.#ctx = ctx;
    this.#scenarios = scenarios;
  }

  /** Attachments of a scenario (or of every scenario), by file name. */
  async list(company: string, scenario?: string): Promise<DefaultAttachment[]> {
    if (scenario !== undefined) {
      await this.#scenarios.assertKnown(company, scenario);
    }
    const docs = await this.#ctx.config.list<DefaultAttachment>(
      ConfigKeys.attachmentPrefix(company, scenario),
    );
    return docs.map((d) => d.value).sort((a, b) => a.fileName.localeCompare(b.fileName));
  }

  /** One attachment. */
  async get(company: string, scenario: string, id: string): Promise<DefaultAttachment> {
    await this.#scenarios.assertKnown(company, scenario);
    const doc = await this.#ctx.config.get<DefaultAttachment>(
      ConfigKeys.attachment(company, scenario, id),
    );
    if (!doc) {
      throw new NotFoundError(`No default attachment ${id} for scenario ${scenario}.`);
    }
    return doc.value;
  }

  /** Receives a multipart upload (`file`, optional `autoAdd`) and stores it. */
  async upload(actor: Principal, scenario: string, request: Request): Promise<DefaultAttachment> {
    const company = actor.company;
    await this.#scenarios.assertKnown(company, scenario);
    const upload = await receiveUpload(request, {
      fileField: 'file',
      maxFileBytes: this.#ctx.limits.maxAttachmentBytes,
      consume: (stream: Readable) =>
        this.#ctx.blobs.putStream(stream, this.#ctx.limits.maxAttachmentBytes),
    });
    if (!upload.file) {
      throw new ValidationError('The upload has no file; send it as the "file" part.', {
        errors: [{ path: 'file', message: 'is required' }],
      });
    }
    const stored = upload.file.result;
    try {
      return await this.#record(actor, scenario, upload.fields, upload.file);
    } catch (err) {
      // A refused upload frees the content it stored (content others already had stays).
      if (stored.created) {
        await this.#ctx.blobs.delete(stored.sha256).catch(() => undefined);
      }
      throw err;
    }
  }

  async #record(
    actor: Principal,
    scenario: string,
    fields: Record<string, string>,
    file: { fileName: string; contentType: string; result: { sha256: string; size: number } },
  ): Promise<DefaultAttachment> {
    const company = actor.company;
    if (file.result.size === 0) {
      throw new ValidationError('The file is empty; a default attachment needs content.', {
        errors: [{ path: 'file', message: 'is empty' }],
      });
    }
    const attachment = DefaultAttachment.safeParse({
      id: randomUUID(),
      scenario,
      fileName: fields.fileName ?? file.fileName,
      contentType: file.contentType,
      blob: { sha256: file.result.sha256, size: file.result.size },
      autoAdd: formBoolean(fields, 'autoAdd', true),
      createdAt: new Date().toISOString(),
    });
    if (!attachment.success) {
      throw new ValidationError('The attachment is not valid (file name or content type).', {
        errors: attachment.error.issues.map((i) => ({
          path: i.path.join('.'),
          message: i.message,
        })),
      });
    }
    await this.#ctx.config.put(
      ConfigKeys.attachment(company, scenario, attachment.data.id),
      attachment.data,
    );
    audit(this.#ctx, actor, {
      kind: 'attachment',
      action: 'created',
      id: attachment.data.id,
      detail: scenario,
    });
    return attachment.data;
  }

  /** Changes the auto-add flag. */
  async setAutoAdd(
    actor: Principal,
    scenario: string,
    id: string,
    autoAdd: boolean,
  ): Promise<DefaultAttachment> {
    const company = actor.company;
    await this.#scenarios.assertKnown(company, scenario);
    const key = ConfigKeys.attachment(company, scenario, id);
    const doc = await this.#ctx.config.get<DefaultAttachment>(key);
    if (!doc) {
      throw new NotFoundError(`No default attachment ${id} for scenario ${scenario}.`);
    }
    const next = { ...doc.value, autoAdd };
    await this.#ctx.config.update(key, next, doc.revision, 'The attachment');
    audit(this.#ctx, actor, { kind: 'attachment', action: 'updated', id, detail: scenario });
    return next;
  }

  /** Removes an attachment from the scenario (the content stays while other records use it). */
  async delete(actor: Principal, scenario: string, id: string): Promise<void> {
    await this.get(actor.company, scenario, id);
    await this.#ctx.config.delete(ConfigKeys.attachment(actor.company, scenario, id));
    audit(this.#ctx, actor, { kind: 'attachment', action: 'deleted', id, detail: scenario });
  }
}
