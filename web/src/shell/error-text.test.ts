import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../api/api-error';
import { en } from '../i18n/en';
import { hi } from '../i18n/hi';
import { errorText, fieldLabel, readsAsSentence, type Translator } from './error-text';

const i18n = i18next.createInstance();
const tr = (lng: 'en' | 'hi'): Translator => {
  const t = i18n.getFixedT(lng);
  return { t: (key, options) => t(key, options), exists: (key) => i18n.exists(key, { lng }) };
};

beforeAll(async () => {
  await i18n.init({
    resources: { en: { translation: en }, hi: { translation: hi } },
    lng: 'en',
    interpolation: { escapeValue: false },
  });
});

const refused = (code: string, message: string, field?: string) => new ApiError(400, code, message, field);

describe('errors as people read them', () => {
  it('names a payment field as the payment dialog does, in English and Hindi', () => {
    const error = refused(
      'validation_failed',
      'body.payments.0.reference: Too small',
      'body.payments.0.reference',
    );
    const english = errorText(error, tr('en'));
    expect(english.sentence).toBe(
      'Payment 1: Reference: this is not filled in correctly. Check it and try again.',
    );
    expect(english.detail).toBeNull();
    expect(errorText(error, tr('hi')).sentence).toBe(
      'भुगतान 1: संदर्भ संख्या: यह सही से नहीं भरा गया है। जाँचकर फिर कोशिश करें।',
    );
  });

  it("prefers the screen's own label, matched exactly or with list numbers as *", () => {
    const labels = { 'payments.*.reference': 'UPI reference (from the payer’s app)' };
    expect(fieldLabel('body.payments.2.reference', tr('en'), labels)).toBe(
      'UPI reference (from the payer’s app)',
    );
    expect(fieldLabel('querystring.period', tr('en'), { period: 'Month' })).toBe('Month');
    expect(fieldLabel('querystring.period', tr('en'))).toBe('Return period');
  });

  it('never shows an internal name: an unknown field falls back to the general sentence', () => {
    const { sentence, detail } = errorText(
      refused('validation_failed', 'querystring.frobnicateMode: invalid', 'querystring.frobnicateMode'),
      tr('en'),
    );
    expect(sentence).toBe(en.errors.validation_failed);
    expect(detail).toBeNull();
    expect(sentence).not.toMatch(/frobnicate|querystring/);
  });

  it('a wrong one-time code is a wrong code, not a lost session', () => {
    const error = new ApiError(401, 'unauthenticated', 'the code is wrong or was already used', 'code');
    expect(errorText(error, tr('en')).sentence).toMatch(/^That code is not right/);
    expect(errorText(error, tr('hi')).sentence).toMatch(/^यह कोड सही नहीं है/);
  });

  it("keeps the server's words only when they read as a sentence", () => {
    expect(readsAsSentence('give the UPI address and the payee name together')).toBe(true);
    expect(readsAsSentence('security_audit_failed')).toBe(false);
    expect(readsAsSentence('body.payments.0.reference: Too small')).toBe(false);
    expect(readsAsSentence('discountAllowancePercent out of range')).toBe(false);
    const together = errorText(refused('precondition_failed', 'start enrolment first'), tr('hi'));
    expect(together).toEqual({ sentence: hi.errors.precondition_failed, detail: 'start enrolment first' });
  });

  it('an error the app does not know by code still reads as a sentence', () => {
    expect(errorText(refused('teapot_overflow', 'teapot_overflow'), tr('en')).sentence).toBe(
      en.errors.internal,
    );
  });
});
