import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../api/api-error';
import { en } from '../i18n/en';
import { hi } from '../i18n/hi';
import { errorText, fieldLabel, readsAsSentence, type Translator } from './error-text';

const i18n = i18next.createInstance();
const tr = (lng: 'en' | 'hi'): Translator => {
  const t = i18n.getFixedT(lng);
  return { t: (key, options) => t(key, options), exists: (key) => i18n.exists(key, { lng }), language: lng };
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
    const english = errorText(refused('precondition_failed', 'start enrolment first'), tr('en'));
    expect(english).toEqual({ sentence: en.errors.precondition_failed, detail: 'start enrolment first' });
    // A Hindi screen reads in Hindi alone: the English words are not added.
    const hindi = errorText(refused('precondition_failed', 'start enrolment first'), tr('hi'));
    expect(hindi).toEqual({ sentence: hi.errors.precondition_failed, detail: null });
  });

  it("says the server's refusals with a reason in the screen's language, filled from the details", () => {
    // As the checkout answers a batch that ran short (agri batch picker).
    const short = new ApiError(409, 'conflict', 'batch B-17 has only 2 left', 'lines.0.batchId', {
      reason: 'batch-short',
      batchNo: 'B-17',
      onHand: 2,
    });
    expect(errorText(short, tr('en')).sentence).toBe(
      'Batch B-17 has only 2 left. Choose another batch or sell fewer.',
    );
    expect(errorText(short, tr('hi'))).toEqual({
      sentence: 'बैच B-17 में केवल 2 बचा है। दूसरा बैच चुनें या कम बेचें।',
      detail: null,
    });
    const expired = new ApiError(
      400,
      'validation_failed',
      'batch B-3 expired on 01-01-2026 and cannot be sold; move it to expired stock',
      'lines.1.batchId',
      { reason: 'batch-expired', batchNo: 'B-3', expiredOn: '01-01-2026' },
    );
    const hindiExpired = errorText(expired, tr('hi')).sentence;
    expect(hindiExpired).toContain('B-3');
    expect(hindiExpired).toContain('01-01-2026');
    expect(hindiExpired).not.toMatch(/[A-Za-z]{4,}/);
    const stock = new ApiError(409, 'conflict', 'not enough stock: 1 on hand', 'lines.0.quantity', {
      reason: 'stock-short',
      variantId: '0f4e9b1e-7d7b-4b8e-9a53-2b1f0d5c9e11',
      onHand: 1,
    });
    expect(errorText(stock, tr('hi')).sentence).toBe(
      'इस सामान का पर्याप्त स्टॉक नहीं है: 1 मौजूद है। कम बेचें, या पहले माल प्राप्त करें।',
    );
  });

  it('says what to type in a field whose format the server checks, in English and Hindi', () => {
    const pin = refused('validation_failed', 'body.pincode: must be a six-digit PIN code', 'body.pincode');
    expect(errorText(pin, tr('en')).sentence).toBe(
      'PIN code: type the six digits of the PIN code (for example 411001).',
    );
    expect(errorText(pin, tr('hi')).sentence).toBe('पिन कोड: पिन कोड के छह अंक लिखें (जैसे 411001)।');
    // A conflict on the same field is not a format problem.
    const taken = refused('conflict', 'this email is taken', 'body.email');
    expect(errorText(taken, tr('en')).sentence).toBe('Email: this is already in use. Choose another.');
  });

  it('an error the app does not know by code still reads as a sentence', () => {
    expect(errorText(refused('teapot_overflow', 'teapot_overflow'), tr('en')).sentence).toBe(
      en.errors.internal,
    );
  });
});
