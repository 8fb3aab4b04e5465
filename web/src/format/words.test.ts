import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { machineTextIn } from '../../../test/support/screen-checks';
import { en } from '../i18n/en';
import { hi } from '../i18n/hi';
import { actionWords, detailsWords, kindWords, plainWords, valueWords } from './words';

let tEn: TFunction;
let tHi: TFunction;

beforeAll(async () => {
  const instance = i18next.createInstance();
  await instance.init({
    resources: { en: { translation: en }, hi: { translation: hi } },
    lng: 'en',
    interpolation: { escapeValue: false },
  });
  tEn = instance.getFixedT('en');
  tHi = instance.getFixedT('hi');
});

const PERSON = '0b6c1f9e-2d3a-4c5b-8e7f-901234567890';

describe('machine facts in words', () => {
  it('names a known action in each language, and an unknown one by its parts', () => {
    expect(actionWords(tEn, 'customer.pii.reveal')).toBe("Revealed a customer's detail");
    expect(actionWords(tHi, 'customer.pii.reveal')).toBe('ग्राहक का विवरण देखा');
    expect(actionWords(tEn, 'stock.transfer_out.new_thing')).toBe('Stock transfer out new thing');
    expect(kindWords(tEn, 'api_token')).toBe('API token');
    expect(kindWords(tEn, 'some_new_kind')).toBe('Some new kind');
  });

  it('turns codes into words: snake_case, dotted and camelCase', () => {
    expect(plainWords('billing_dispute')).toBe('billing dispute');
    expect(plainWords('windowMinutes')).toBe('window minutes');
    expect(plainWords('auth.mfa.recovery_code')).toBe('auth mfa recovery code');
  });

  it('shows ids as the names they stand for, and leaves out ids with no known name', () => {
    const names = { [PERSON]: 'Asha Rao' };
    expect(valueWords(tEn, PERSON, names)).toBe('Asha Rao');
    expect(valueWords(tEn, PERSON)).toBeNull();
    expect(detailsWords(tEn, { byActor: PERSON, seq: 12 }, names)).toEqual([
      'By: Asha Rao',
      'Trail entry no.: 12',
    ]);
    expect(detailsWords(tEn, { storeId: PERSON })).toEqual([]);
  });

  it('shows instants in IST, booleans as yes or no, nested facts in brackets, free text as typed', () => {
    expect(valueWords(tEn, '2026-03-31T20:00:00Z')).toBe('01-04-2026 01:30 IST');
    expect(valueWords(tHi, true)).toBe('हाँ');
    expect(valueWords(tEn, { httpOnly: false })).toBe('(Http only: no)');
    expect(valueWords(tEn, 'Shop on MG Road')).toBe('Shop on MG Road');
    expect(valueWords(tEn, 12345)).toBe('12,345');
  });

  it('leaves no machine text in what an alert, an entry or an evidence says', () => {
    const facts = {
      action: 'user.role.grant',
      byActor: PERSON,
      reason: 'billing_dispute',
      windowMinutes: 15,
      certificateFile: 'missing',
      nested: { kekFile: 'missing', lastRunAt: '2026-12-01T00:00:00Z', codes: ['stolen_laptop', 'x_y.z'] },
    };
    for (const t of [tEn, tHi]) {
      const text = detailsWords(t, facts, { [PERSON]: 'Asha Rao' }).join('\n');
      expect(machineTextIn(text)).toEqual([]);
    }
  });
});
