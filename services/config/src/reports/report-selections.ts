/**
 * Report selections: for each usage (sales invoice, reminder…) the reports to
 * use for the email body and the attachment, with their layouts, and
 * per-customer overrides that win over the company-wide selection.
 * @module
 */

import type { FieldIssue } from '@verzend/shared';
import {
  NotFoundError,
  type Principal,
  ReportSelection,
  type ReportSelectionEntry,
  type ReportUsage,
  ValidationError,
} from '@verzend/shared';
import { audit } from '../audit';
import type { ConfigContext } from '../context';
import type { Layouts } from '../layouts/layouts';
import { ConfigKeys } from '../store/keys';

/** Report-selection operations. */
export class ReportSelections {
  readonly #ctx: ConfigContext;
  readonly #layouts: Layouts;

  constructor(ctx: ConfigContext, layouts: Layouts) {
    this.#ctx = ctx;
    this.#layouts = layouts;
  }

  /** Every selection (company-wide and per customer). */
  async list(company: string, usage?: ReportUsage): Promise<ReportSelection[]> {
    const docs = await this.#ctx.config.list<ReportSelection>(
      ConfigKeys.reportSelectionPrefix(company),
    );
    return docs
      .map((d) => d.value)
      .filter((s) => usage === undefined || s.usage === usage)
      .sort(
        (a, b) =>
          a.usage.localeCompare(b.usage) || (a.customerNo ?? '').localeCompare(b.customerNo ?? ''),
      );
  }

  /** The stored selection for exactly this usage and customer (null = company-wide). */
  async get(
    company: string,
    usage: ReportUsage,
    customerNo: string | null,
  ): Promise<ReportSelection> {
    const doc = await this.#ctx.config.get<ReportSelection>(
      ConfigKeys.reportSelection(company, usage, customerNo),
    );
    if (!doc) {
      throw new NotFoundError(
        `No report selection for ${usage}${customerNo === null ? '' : ` and customer ${customerNo}`}.`,
      );
    }
    return doc.value;
  }

  /** The selection that applies: the customer's override, else the company-wide one, else null. */
  async effective(
    company: string,
    usage: ReportUsage,
    customerNo?: string,
  ): Promise<ReportSelection | null> {
    if (customerNo) {
      const own = await this.#ctx.config.get<ReportSelection>(
        ConfigKeys.reportSelection(company, usage, customerNo),
      );
      if (own) {
        return own.value;
      }
    }
    const all = await this.#ctx.config.get<ReportSelection>(
      ConfigKeys.reportSelection(company, usage, null),
    );
    return all?.value ?? null;
  }

  /** Sets (replaces) a selection after checking its entries and that their layouts exist. */
  async set(
    actor: Principal,
    usage: ReportUsage,
    customerNo: string | null,
    entries: ReportSelectionEntry[],
  ): Promise<ReportSelection> {
    const selection = ReportSelection.parse({ usage, customerNo, entries });
    await this.#checkEntries(actor.company, selection.entries);
    await this.#ctx.config.put(
      ConfigKeys.reportSelection(actor.company, usage, customerNo),
      selection,
    );
    audit(this.#ctx, actor, {
      kind: 'report-selection',
      action: 'updated',
      id: customerNo === null ? usage : `${usage}:${customerNo}`,
    });
    return selection;
  }

  /** Removes a selection. */
  async delete(actor: Principal, usage: ReportUsage, customerNo: string | null): Promise<void> {
    await this.get(actor.company, usage, customerNo);
    await this.#ctx.config.delete(ConfigKeys.reportSelection(actor.company, usage, customerNo));
    audit(this.#ctx, actor, {
      kind: 'report-selection',
      action: 'deleted',
      id: customerNo === null ? usage : `${usage}:${customerNo}`,
    });
  }

  async #checkEntries(company: string, entries: ReportSelectionEntry[]): Promise<void> {
    const errors: FieldIssue[] = [];
    const sequences = new Set<number>();
    for (const [i, e] of entries.entries()) {
      if (sequences.has(e.sequence)) {
        errors.push({ path: `entries.${i}.sequence`, message: 'is used twice' });
      }
      sequences.add(e.sequence);
      if (e.useForEmailBody && !e.bodyLayoutId) {
        errors.push({
          path: `entries.${i}.bodyLayoutId`,
          message: 'is required when used for the email body',
        });
      }
      for (const field of ['bodyLayoutId', 'attachmentLayoutId'] as const) {
        const id = e[field];
        if (id !== undefined) {
          try {
            await this.#layouts.get(company, id);
          } catch (err) {
            if (!(err instanceof NotFoundError)) {
              throw err;
            }
            errors.push({ path: `entries.${i}.${field}`, message: `no layout ${id}` });
          }
        }
      }
    }
    if (entries.filter((e) => e.useForEmailBody).length > 1) {
      errors.push({ path: 'entries', message: 'only one entry can be used for the email body' });
    }
    if (errors.length > 0) {
      const first = errors[0] as FieldIssue;
      throw new ValidationError(
        `The report selection is not valid (${first.path}: ${first.message}).`,
        {
          errors,
        },
      );
    }
  }
}
