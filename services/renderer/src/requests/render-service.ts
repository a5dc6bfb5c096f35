/**
 * Turns render and validation requests (NATS or HTTP) into jobs for the
 * executor and jobs' outputs into results: layouts by id (config service) or
 * from the blob store or inline, report data inline or from a blob, inline
 * images stored content-addressed, large results as blob references.
 * @module
 */
import { createHash } from 'node:crypto';
import type { NatsConnection } from '@nats-io/nats-core';
import {
  AppError,
  type BlobStore,
  type Content,
  Counter,
  Histogram,
  LayoutResponse,
  type LayoutSource,
  type Logger,
  type Registry,
  type RenderRequest,
  type RenderResult,
  Rpc,
  requestJson,
  type StoredBlob,
  type Telemetry,
  type ValidateLayoutResult,
} from '@verzend/shared';
import { LayoutInvalidError } from '../docx/layout-error';
import { RenderFailedError } from '../errors';
import { PrintUnavailableError } from '../printing/errors';
import { prepareForPrinting } from '../printing/guard';
import type { Printed, PrintJob } from '../printing/office-process';
import type { PrintPoolState } from '../printing/pool';
import type { RenderOutput } from '../render/types';
import type { RenderExecutor } from '../workers/executor';
import type { RenderLimits } from './limits';

/** Prints filled documents to PDF (the LibreOffice pool, see printing/pool.ts). */
export interface Printer {
  print(job: PrintJob): Promise<Printed>;
  state(): PrintPoolState;
}

/** Dependencies of {@link RenderService}. */
export interface RenderServiceDeps {
  executor: RenderExecutor;
  /** Absent: this renderer cannot print, and PDF requests get 503 UNAVAILABLE. */
  printer?: Printer;
  blobs: BlobStore;
  nc: NatsConnection;
  limits: RenderLimits;
  telemetry: Telemetry;
  registry: Registry;
  logger: Logger;
}

/** A layout's bytes and content hash. */
export interface LoadedLayout {
  bytes: Uint8Array;
  sha256: string;
}

/** What a render needs besides the layout (the request minus transport details). */
export interface RenderParams {
  company: string;
  data: Record<string, unknown>;
  locale: string;
  currency?: string | undefined;
  payment?: RenderRequest['payment'];
  options: RenderRequest['options'];
}

/** Deepest nesting of report data accepted (real datasets are a few levels deep). */
export const MAX_DATA_DEPTH = 64;

/** Refuses absurdly nested data before anything recursive (JSON, structured clone) meets it. */
function checkDepth(data: unknown): void {
  const stack: [unknown, number][] = [[data, 1]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop() as [unknown, number];
    if (value === null || typeof value !== 'object') {
      continue;
    }
    if (depth > MAX_DATA_DEPTH) {
      throw new RenderFailedError(
        `The report data is nested more than ${MAX_DATA_DEPTH} levels deep.`,
        [
          {
            path: 'data',
            message: `nested more than ${MAX_DATA_DEPTH} levels`,
            code: 'data_too_deep',
          },
        ],
      );
    }
    for (const child of Object.values(value)) {
      stack.push([child, depth + 1]);
    }
  }
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The renderer's request handling, shared by the NATS and HTTP edges. */
export class RenderService {
  readonly #d: RenderServiceDeps;
  readonly #duration: Histogram<'path'>;
  readonly #failures: Counter<'code'>;
  readonly #storedImages = new Map<string, StoredBlob>();

  constructor(deps: RenderServiceDeps) {
    this.#d = deps;
    this.#duration = new Histogram({
      name: 'verzend_render_duration_seconds',
      help: 'Render duration by path (fast = compiled template, naive = full pipeline).',
      labelNames: ['path'],
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [deps.registry],
    });
    this.#failures = new Counter({
      name: 'verzend_render_failures_total',
      help: 'Renders that failed, by error code.',
      labelNames: ['code'],
      registers: [deps.registry],
    });
  }

  /** Checks a byte count against the layout cap before any work. */
  #checkLayoutSize(size: number): void {
    if (size > this.#d.limits.maxDocxBytes) {
      throw new LayoutInvalidError([
        {
          code: 'too_large',
          message: `The layout is ${size} bytes; at most ${this.#d.limits.maxDocxBytes} are accepted.`,
        },
      ]);
    }
  }

  /** Reads a layout from where the request points. */
  async loadLayout(company: string, source: LayoutSource): Promise<LoadedLayout> {
    if ('docxBase64' in source) {
      const bytes = new Uint8Array(Buffer.from(source.docxBase64, 'base64'));
      if (bytes.byteLength === 0) {
        throw new LayoutInvalidError([
          { code: 'empty', message: 'The layout is empty (docxBase64 decodes to no bytes).' },
        ]);
      }
      this.#checkLayoutSize(bytes.byteLength);
      return { bytes, sha256: sha256(bytes) };
    }
    let blob: StoredBlob;
    if ('layoutId' in source) {
      const { layout } = await requestJson(
        this.#d.nc,
        Rpc.configLayout,
        { company, layoutId: source.layoutId },
        LayoutResponse,
      );
      blob = layout.blob;
    } else {
      blob = source.blob;
    }
    this.#checkLayoutSize(blob.size);
    const bytes = await this.#d.blobs.getBytes(blob.sha256);
    return { bytes, sha256: blob.sha256 };
  }

  /** Reads report data (inline or a JSON blob) within the size cap. */
  async loadData(
    request: { data: Record<string, unknown> } | { dataBlob: StoredBlob },
  ): Promise<Record<string, unknown>> {
    const max = this.#d.limits.maxDataBytes;
    const tooLarge = (size: number) =>
      new RenderFailedError(`The report data is ${size} bytes; at most ${max} are accepted.`, [
        { path: 'data', message: `larger than ${max} bytes`, code: 'data_too_large' },
      ]);
    if ('data' in request) {
      checkDepth(request.data);
      const size = Buffer.byteLength(JSON.stringify(request.data));
      if (size > max) {
        throw tooLarge(size);
      }
      return request.data;
    }
    if (request.dataBlob.size > max) {
      throw tooLarge(request.dataBlob.size);
    }
    const bytes = await this.#d.blobs.getBytes(request.dataBlob.sha256);
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(bytes).toString('utf8'));
    } catch (cause) {
      throw new RenderFailedError(
        'The report data blob is not valid JSON.',
        [{ path: 'dataBlob', message: 'not valid JSON', code: 'data_not_json' }],
        { cause },
      );
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new RenderFailedError('The report data must be a JSON object.', [
        { path: 'dataBlob', message: 'not a JSON object', code: 'data_not_object' },
      ]);
    }
    checkDepth(parsed);
    return parsed as Record<string, unknown>;
  }

  /** Renders a loaded layout; the raw output (for the preview), the printed PDF and the timing. */
  async renderLoaded(
    layout: LoadedLayout,
    params: RenderParams,
  ): Promise<{ output: RenderOutput; durationMs: number; printed: Printed | null }> {
    const started = performance.now();
    const { includePdf } = params.options;
    try {
      if (includePdf && !this.#d.printer) {
        throw new PrintUnavailableError(
          'This renderer cannot print to PDF (printing is switched off: PRINT_WORKERS=0).',
        );
      }
      const output = await this.#d.executor.render({
        layout: layout.bytes,
        layoutSha256: layout.sha256,
        data: params.data,
        locale: params.locale,
        currency: params.currency,
        payment: params.payment,
        strict: params.options.strict,
        includeDocx: params.options.includeDocx || includePdf,
        includeBody: params.options.includeBody,
        headerFooter: params.options.headerFooter !== false,
      });
      const printed = includePdf ? await this.#print(output, params) : null;
      if (includePdf && !params.options.includeDocx) {
        output.docx = null;
      }
      const durationMs = performance.now() - started;
      this.#duration.observe({ path: output.path }, durationMs / 1000);
      this.#d.telemetry.emit('render-completed', {
        company: params.company,
        path: output.path,
        durationMs: Math.round(durationMs * 10) / 10,
        layoutSha256: layout.sha256,
        warnings: output.warnings.length,
        ...(printed ? { pdfPages: printed.pages } : {}),
      });
      return { output, durationMs, printed };
    } catch (err) {
      const code = err instanceof AppError ? err.code : 'INTERNAL';
      this.#failures.inc({ code });
      this.#d.telemetry.emit(code === 'LAYOUT_INVALID' ? 'layout-rejected' : 'render-failed', {
        company: params.company,
        code,
        layoutSha256: layout.sha256,
      });
      throw err;
    }
  }

  /** The size and zip-bomb guards and the removal of external links run before LibreOffice sees it. */
  async #print(output: RenderOutput, params: RenderParams): Promise<Printed> {
    const printer = this.#d.printer as Printer;
    if (output.docx === null) {
      throw new RenderFailedError('The render produced no document to print.');
    }
    const { docx, report } = prepareForPrinting(output.docx, {
      maxDocxBytes: this.#d.limits.maxDocxBytes,
      maxUnzippedBytes: this.#d.limits.maxUnzippedBytes,
    });
    if (report.removedRelationships > 0 || report.neutralisedFields > 0) {
      this.#d.logger.info(
        { company: params.company, ...report },
        'external links removed before printing',
      );
    }
    return printer.print({
      docx,
      pdfA: params.options.pdf?.pdfA ?? false,
      title: params.options.pdf?.title,
      author: params.options.pdf?.author,
    });
  }

  /** Whether this renderer can print (for `/readyz`). */
  printingState(): PrintPoolState | null {
    return this.#d.printer?.state() ?? null;
  }

  /**
   * Handles a render request end to end. `inlineBudget` overrides the inline
   * result budget (HTTP has no 1 MiB payload limit, so it answers inline).
   */
  async render(
    request: RenderRequest,
    inlineBudget = this.#d.limits.inlineResultBytes,
  ): Promise<RenderResult> {
    const layout = await this.loadLayout(request.company, request.layout);
    const data = await this.loadData(request);
    const { output, durationMs, printed } = await this.renderLoaded(layout, {
      company: request.company,
      data,
      locale: request.locale,
      currency: request.currency,
      payment: request.payment,
      options: request.options,
    });
    return this.toResult(output, layout.sha256, durationMs, inlineBudget, printed);
  }

  async #storeImage(contentId: string, bytes: Uint8Array): Promise<StoredBlob> {
    const known = this.#storedImages.get(contentId);
    if (known) {
      return known;
    }
    const ref = await this.#d.blobs.putBytes(bytes);
    if (this.#storedImages.size > 5000) {
      this.#storedImages.clear();
    }
    this.#storedImages.set(contentId, ref);
    return ref;
  }

  /** Builds the result contract: images stored, large parts as blob references. */
  async toResult(
    output: RenderOutput,
    layoutSha256: string,
    durationMs: number,
    inlineBudget = this.#d.limits.inlineResultBytes,
    printed: Printed | null = null,
  ): Promise<RenderResult> {
    const inlineImages = await Promise.all(
      output.images.map(async (img) => ({
        contentId: img.contentId,
        fileName: img.fileName,
        contentType: img.contentType,
        blob: await this.#storeImage(img.contentId, img.bytes),
      })),
    );
    const html = output.html === null ? null : Buffer.from(output.html, 'utf8');
    const text = output.text === null ? null : Buffer.from(output.text, 'utf8');
    const docx = output.docx === null ? null : Buffer.from(output.docx);
    const pdf = printed === null ? null : printed.pdf;
    // Parts move to the blob store, largest first, until the reply fits the inline budget.
    const parts = [
      { name: 'html', bytes: html, inlineSize: html?.length ?? 0 },
      { name: 'text', bytes: text, inlineSize: text?.length ?? 0 },
      { name: 'docx', bytes: docx, inlineSize: docx ? Math.ceil(docx.length / 3) * 4 : 0 },
      { name: 'pdf', bytes: pdf, inlineSize: pdf ? Math.ceil(pdf.length / 3) * 4 : 0 },
    ].sort((a, b) => b.inlineSize - a.inlineSize);
    let total = parts.reduce((n, p) => n + p.inlineSize, 0);
    const toBlob = new Set<string>();
    for (const p of parts) {
      if (total <= inlineBudget || !p.bytes) {
        break;
      }
      toBlob.add(p.name);
      total -= p.inlineSize;
    }
    const content = async (
      name: string,
      value: string | null,
      bytes: Buffer | null,
    ): Promise<Content | null> => {
      if (value === null || bytes === null) {
        return null;
      }
      return toBlob.has(name) ? { blob: await this.#d.blobs.putBytes(bytes) } : { inline: value };
    };
    return {
      html: await content('html', output.html, html),
      text: await content('text', output.text, text),
      docx:
        docx === null
          ? null
          : toBlob.has('docx')
            ? { blob: await this.#d.blobs.putBytes(docx) }
            : { base64: docx.toString('base64') },
      pdf:
        pdf === null
          ? null
          : toBlob.has('pdf')
            ? { blob: await this.#d.blobs.putBytes(pdf) }
            : { base64: pdf.toString('base64') },
      pdfPages: printed?.pages ?? 0,
      inlineImages,
      warnings: output.warnings,
      sizes: {
        htmlBytes: html?.length ?? 0,
        textBytes: text?.length ?? 0,
        docxBytes: docx?.length ?? 0,
        pdfBytes: pdf?.length ?? 0,
      },
      paymentLink: output.paymentLink,
      layoutSha256,
      durationMs: Math.round(durationMs * 100) / 100,
    };
  }

  /** Validates a layout (used by the config service before storing one). */
  async validate(company: string, source: LayoutSource): Promise<ValidateLayoutResult> {
    let layout: LoadedLayout;
    try {
      layout = await this.loadLayout(company, source);
    } catch (err) {
      // An empty or oversized layout is an answer, not a failure; a missing one is a 404.
      if (err instanceof LayoutInvalidError) {
        return { valid: false, errors: err.issues, tags: [] };
      }
      throw err;
    }
    const check = await this.#d.executor.validate(layout.bytes, layout.sha256);
    if (!check.valid) {
      this.#d.telemetry.emit('layout-rejected', {
        company,
        layoutSha256: layout.sha256,
        errors: check.issues.length,
      });
    }
    return { valid: check.valid, errors: check.issues, tags: check.tags };
  }
}
