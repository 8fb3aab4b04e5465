import { describe, expect, it } from 'vitest';
import { REDACTED, redactValue, scrubText } from './redact.js';

describe('log redaction', () => {
  it('scrubs personal data patterns from free text', () => {
    const text =
      'call 9876543210 or +91 98765 43210, mail ravi.kumar@example.com, GSTIN 27AAQCA8719H1Z6, PAN ABCPK1234L, card 4111 1111 1111 1111, aadhaar 2345 6789 0123, Bearer abc.def';
    const out = scrubText(text);
    for (const secret of [
      '9876543210',
      '98765 43210',
      'ravi.kumar@example.com',
      '27AAQCA8719H1Z6',
      'ABCPK1234L',
      '4111 1111 1111 1111',
      '2345 6789 0123',
      'abc.def',
    ]) {
      expect(out).not.toContain(secret);
    }
  });

  it('replaces values under sensitive keys at any depth', () => {
    const out = redactValue({
      body: { customer: { name: 'Ravi', phone: '1', address: { line1: 'x' } }, password: 'p' },
    }) as {
      body: { customer: { name: string; phone: string; address: string }; password: string };
    };
    expect(out.body.customer.name).toBe(REDACTED);
    expect(out.body.customer.phone).toBe(REDACTED);
    expect(out.body.customer.address).toBe(REDACTED);
    expect(out.body.password).toBe(REDACTED);
  });

  it('keeps technical values', () => {
    expect(redactValue({ statusCode: 200, hostname: 'shop-pc', engine: 'sqlite', count: 3 })).toEqual({
      statusCode: 200,
      hostname: 'shop-pc',
      engine: 'sqlite',
      count: 3,
    });
  });

  it('survives cycles and deep nesting', () => {
    const a: Record<string, unknown> = { x: 1 };
    a.self = a;
    expect(() => redactValue(a)).not.toThrow();
  });
});
