/**
 * The render engine: checks a layout once, compiles it once per content hash
 * (bounded LRU), and renders each email on the fast path — or on the naive
 * path when the compiler refused the layout.
 * @module
 */
import { LRUCache } from 'lru-cache';
import { LayoutInvalidError } from '../docx/layout-error';
import { type DocxLimits, inspectDocx } from '../docx/open';
import { ExpressionCache, loadZip, openTemplate } from '../template/docx-template';
import { type CompiledLayout, compileLayout, type NotCompiled } from './compile';
import { renderFast } from './fast';
import { renderNaive } from './naive';
import type { RenderJob, RenderOutput } from './types';

/** Options of {@link RenderEngine}. */
export interface EngineOptions extends DocxLimits {
  /** Compiled layouts kept (by content hash). */
  cacheSize: number;
  /** Largest email body, in characters (the fill stops beyond it with 422 RENDER_FAILED). */
  maxHtmlChars?: number;
  /** Force the naive path (benchmarks and the differential test). */
  mode?: 'auto' | 'naive';
}

type Entry = CompiledLayout | NotCompiled | { error: LayoutInvalidError };

/** Validation outcome of a layout. */
export interface LayoutCheck {
  valid: boolean;
  issues: LayoutInvalidError['issues'];
  tags: string[];
}

/** Renders emails; one per worker thread. */
export class RenderEngine {
  readonly #opts: EngineOptions;
  readonly #cache: LRUCache<string, Promise<Entry>>;

  constructor(opts: EngineOptions) {
    this.#opts = opts;
    this.#cache = new LRUCache({ max: Math.max(1, opts.cacheSize) });
  }

  /**
   * Checks and compiles a layout once per hash (and body options: with or
   * without header and footer); concurrent callers share the work.
   */
  #entry(layout: Uint8Array, sha256: string, headerFooter = true): Promise<Entry> {
    const key = headerFooter ? sha256 : `${sha256}:no-header-footer`;
    let entry = this.#cache.get(key);
    if (!entry) {
      entry = (async (): Promise<Entry> => {
        try {
          inspectDocx(layout, this.#opts);
        } catch (err) {
          if (err instanceof LayoutInvalidError) {
            return { error: err };
          }
          throw err;
        }
        try {
          return await compileLayout(layout, { headerFooter });
        } catch (err) {
          if (err instanceof LayoutInvalidError) {
            return { error: err };
          }
          // An unexpected compiler failure must not cost the email: the naive path renders it
          // (and reports its own error if the layout really cannot be rendered).
          const reason = err instanceof Error ? err.message : String(err);
          return { refused: `the compiler failed: ${reason}`, cache: new ExpressionCache() };
        }
      })();
      this.#cache.set(key, entry);
      entry.catch(() => this.#cache.delete(key));
    }
    return entry;
  }

  /** Renders one email. @throws {LayoutInvalidError} / RenderFailedError as 422s. */
  async render(job: RenderJob): Promise<RenderOutput> {
    const entry = await this.#entry(job.layout, job.layoutSha256, job.headerFooter !== false);
    if ('error' in entry) {
      throw entry.error;
    }
    const max = this.#opts.maxHtmlChars ?? Number.POSITIVE_INFINITY;
    if (this.#opts.mode === 'naive' || 'refused' in entry) {
      return renderNaive(job, entry.cache, max);
    }
    return renderFast(entry, job, max);
  }

  /** Whether the layout compiled to the fast path (for tests and the preview). */
  async compiledState(
    layout: Uint8Array,
    sha256: string,
  ): Promise<'compiled' | 'refused' | 'invalid'> {
    const entry = await this.#entry(layout, sha256);
    return 'error' in entry ? 'invalid' : 'refused' in entry ? 'refused' : 'compiled';
  }

  /** Validates a layout: every problem, and the tags it uses. */
  async validate(layout: Uint8Array, sha256: string): Promise<LayoutCheck> {
    const entry = await this.#entry(layout, sha256);
    if ('error' in entry) {
      return { valid: false, issues: entry.error.issues, tags: [] };
    }
    const doc = openTemplate(loadZip(layout), {
      cache: new ExpressionCache(),
      ctx: { locale: 'en-US', currency: undefined, warn: () => undefined },
    });
    const tags = collectTags(
      doc as unknown as { compiled: Record<string, { postparsed: unknown[] }> },
    );
    return { valid: true, issues: [], tags };
  }
}

interface Postparsed {
  type: string;
  value: string;
  module?: string;
  inverted?: boolean;
  subparsed?: Postparsed[];
}

// docxtemplater keeps each part's parsed tags in `compiled[file].postparsed`; loops carry
// their inner tags in `subparsed`. (The inspect module exposes the same tree without the
// loop prefixes we want to show.)
function collectTags(doc: { compiled: Record<string, { postparsed: unknown[] }> }): string[] {
  const out = new Set<string>();
  const walk = (parts: Postparsed[]) => {
    for (const p of parts) {
      if (p.type !== 'placeholder') {
        continue;
      }
      out.add(p.module === 'loop' ? `${p.inverted ? '^' : '#'}${p.value}` : p.value);
      if (p.subparsed) {
        walk(p.subparsed);
      }
    }
  };
  for (const file of Object.values(doc.compiled ?? {})) {
    walk(file.postparsed as Postparsed[]);
  }
  return [...out];
}
