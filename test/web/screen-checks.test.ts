/** The browser suites' check for machine text catches what a person should not read, and only that. */
import { describe, expect, it } from 'vitest';
import { machineTextIn } from '../support/screen-checks.js';

describe('machine text on a screen', () => {
  it('finds raw ids, codes, permission strings and field names', () => {
    const kinds = (text: string) => machineTextIn(text).map((m) => m.kind);
    expect(kinds('User 3f2b8c1e-9a4d-4f6b-8e2a-1c3d5e7f9a0b signed in')).toEqual(['raw id (UUID)']);
    expect(kinds('Check failed: security_audit_failed')).toEqual(['snake_case code']);
    expect(kinds('Category stolen_laptop')).toEqual(['snake_case code']);
    expect(kinds('Grants invoice.read and privacy.manage')).toEqual([
      'permission string or field path',
      'permission string or field path',
    ]);
    expect(kinds('body.payments.0.reference: too small')).toContain('permission string or field path');
    expect(kinds('querystring.period: must be a month as MMYYYY')).toEqual([
      'permission string or field path',
    ]);
    expect(kinds('discountPaise is too large')).toEqual(['internal field name (camelCase)']);
  });

  it("leaves people's words alone: names, sentences, amounts, dates, e-mail and web addresses", () => {
    expect(
      machineTextIn(
        [
          'Test Owner signed in at 06-12-2026 21:30 IST',
          'Invoice INV/26-27/00012 for ₹1,424.00, 25% off',
          'Mail owner@example.test or visit https://shop.example.test/privacy-request/abc_def',
          'किशन शर्मा — Tax Invoice, e-Invoice JSON, UPI shop@okbank',
          'Sale complete. Next sale (Enter)',
        ].join('\n'),
      ),
    ).toEqual([]);
  });
});
