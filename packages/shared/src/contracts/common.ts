/**
 * Building blocks shared by every contract: ids, addresses, blob references,
 * related records, pagination.
 * @module
 */
import { z } from 'zod';

/** A company id: one subject token (letters, digits, `_`, `-`). */
export const CompanyId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, "_" or "-"')
  .meta({ example: 'cronus' });

/** An id we generate (or a client chooses): one subject token. */
export const Id = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, "_" or "-"');

const CRLF = /[\r\n]/;

/** Text that will end up in a header: no CR/LF (header injection). */
export const HeaderText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((v) => !CRLF.test(v), { message: 'must not contain line breaks' });

// RFC 5322 addr-spec (dot-atom local part or quoted string; domain with a TLD or an IP literal).
const addrSpec =
  /^(?:[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*|"(?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\[\x20-\x7e])*")@(?:(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}|\[(?:\d{1,3}\.){3}\d{1,3}\])$/;

/** Returns true when `value` is an RFC 5322 addr-spec (no display name). */
export function isEmailAddress(value: string): boolean {
  return value.length <= 254 && addrSpec.test(value);
}

/** A bare email address (RFC 5322 addr-spec, ≤ 254 characters). */
export const EmailAddress = z
  .string()
  .trim()
  .max(254)
  .refine((v) => isEmailAddress(v), { message: 'is not a valid email address' })
  .meta({ example: 'ap@fabrikam.example' });

/** A mailbox: address with an optional display name. */
export const Mailbox = z.object({
  address: EmailAddress,
  name: HeaderText(250).optional(),
});
export type Mailbox = z.infer<typeof Mailbox>;

/** A recipient as clients may send it: `"a@b.c"` or `{ address, name }`. */
export const RecipientInput = z.union([
  EmailAddress.transform((address) => ({ address })),
  Mailbox,
]);

/** A reference to content in the blob store (content-addressed). */
export const BlobRef = z.object({
  sha256: z.string().regex(/^[a-f0-9]{64}$/),
  size: z.number().int().nonnegative(),
});
export type BlobRefT = z.infer<typeof BlobRef>;

/** How a record relates to an email (BC "Email Related Record"). */
export const RelationType = z.enum(['primary-source', 'related-entity']);

/** A record an email relates to; drives view policies and "show source". */
export const RelatedRecord = z.object({
  recordType: z
    .string()
    .regex(/^[a-z0-9-]{1,64}$/, 'lower-case letters, digits and "-"')
    .meta({ example: 'sales-invoice' }),
  recordId: z.string().min(1).max(128).meta({ example: '103045' }),
  relation: RelationType.default('related-entity'),
});
export type RelatedRecord = z.infer<typeof RelatedRecord>;

/** Cursor pagination query. */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(512).optional(),
});

/** A page of items. */
export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
