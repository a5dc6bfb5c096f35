import { principalFromClaims } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { canView } from './policy';

const viewer = (records: string[], sub = 'viewer') =>
  principalFromClaims({ sub, company: 'c', perms: ['email-read'], licence: 'full', records });
const email = (types: string[], owner = 'owner', company = 'c') => ({
  company,
  ownerUserId: owner,
  relatedRecords: types.map((t, i) => ({
    recordType: t,
    recordId: String(i),
    relation: 'related-entity' as const,
  })),
});

describe('view policies', () => {
  it('owners always see their own emails', () => {
    for (const p of ['own', 'all', 'all-related-records', 'any-related-record'] as const) {
      expect(canView(viewer([], 'owner'), p, email(['sales-invoice']))).toBe(true);
    }
  });
  it('own hides others, all shows everything of the company', () => {
    expect(canView(viewer(['*']), 'own', email(['sales-invoice']))).toBe(false);
    expect(canView(viewer([]), 'all', email([]))).toBe(true);
  });
  it('all-related-records needs every non-user type; an email with only user relations is hidden', () => {
    const v = viewer(['sales-invoice']);
    expect(canView(v, 'all-related-records', email(['sales-invoice', 'user']))).toBe(true);
    expect(canView(v, 'all-related-records', email(['sales-invoice', 'customer']))).toBe(false);
    expect(canView(v, 'all-related-records', email(['user']))).toBe(false);
    expect(canView(viewer(['*']), 'all-related-records', email(['customer']))).toBe(true);
  });
  it('any-related-record needs one readable type', () => {
    const v = viewer(['customer']);
    expect(canView(v, 'any-related-record', email(['sales-invoice', 'customer']))).toBe(true);
    expect(canView(v, 'any-related-record', email(['sales-invoice']))).toBe(false);
  });
  it('never shows another company', () => {
    expect(canView(viewer(['*'], 'owner'), 'all', email([], 'owner', 'other'))).toBe(false);
  });
});
