import { describe, expect, it } from 'vitest';
import { maskEmail, maskName, maskPhone } from './masking.js';

describe('masking', () => {
  it('masks phones, emails and names by default', () => {
    expect(maskPhone('9812345610')).toBe('98xxxxxx10');
    expect(maskPhone('+91 98123 45610')).toBe('98xxxxxx10');
    expect(maskEmail('ravi@example.com')).toBe('r***@example.com');
    expect(maskName('Ravi Kumar')).toBe('R*** K***');
  });
});
