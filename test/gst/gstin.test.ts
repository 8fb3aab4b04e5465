import { describe, expect, it } from 'vitest';
import { gstinCheckCharacter, validateGstin } from '../../src/domain/gst/index.js';

/** Completes a 14-character stem with its check character (the algorithm is pinned below). */
const withCheck = (stem: string) => `${stem}${gstinCheckCharacter(stem)}`;

describe('GSTIN validation', () => {
  it('accepts the published valid vectors and reports kind and state', () => {
    expect(validateGstin('24AAQCA8719H1ZC')).toEqual({
      valid: true,
      gstin: '24AAQCA8719H1ZC',
      kind: 'regular',
      stateCode: '24',
    });
    expect(validateGstin('27AAQCA8719H1Z6')).toMatchObject({ valid: true, kind: 'regular', stateCode: '27' });
    // Input is trimmed and upper-cased, as typed at a counter.
    expect(validateGstin(' 27aaqca8719h1z6 ')).toMatchObject({ valid: true, gstin: '27AAQCA8719H1Z6' });
  });

  it('refuses a bad check character (never weakened for sample data)', () => {
    expect(validateGstin('24AAQCA8719H1ZD')).toMatchObject({ valid: false, problem: 'check-character' });
    // Every other 15th character is refused too.
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    const accepted = [...alphabet].filter((c) => validateGstin(`27AAQCA8719H1Z${c}`).valid);
    expect(accepted).toEqual(['6']);
  });

  it('refuses bad patterns and lengths', () => {
    expect(validateGstin('27AAQCA8719H1Z')).toMatchObject({ valid: false, problem: 'length' });
    expect(validateGstin('27AAQCA8719H1Z66')).toMatchObject({ valid: false, problem: 'length' });
    expect(validateGstin('2AAAQCA8719H1Z6')).toMatchObject({ valid: false, problem: 'pattern' });
    expect(validateGstin('27AAQCA87A9H1Z6')).toMatchObject({ valid: false, problem: 'pattern' });
    // Entity number 0 is not allowed.
    expect(validateGstin(withCheck('27AAQCA8719H0Z'))).toMatchObject({ valid: false, problem: 'pattern' });
    expect(validateGstin('27AAQCA8719H1Z 6')).toMatchObject({ valid: false });
  });

  it('refuses unknown state codes, and legacy codes except on historical documents', () => {
    expect(validateGstin(withCheck('39AAQCA8719H1Z'))).toMatchObject({ valid: false, problem: 'state-code' });
    expect(validateGstin(withCheck('00AAQCA8719H1Z'))).toMatchObject({ valid: false, problem: 'state-code' });
    expect(validateGstin(withCheck('28AAQCA8719H1Z'))).toMatchObject({ valid: false, problem: 'state-code' });
    expect(validateGstin(withCheck('28AAQCA8719H1Z'), { allowLegacyStateCodes: true })).toMatchObject({
      valid: true,
      stateCode: '28',
    });
  });

  it('reports the kind of each registration format', () => {
    const cases: [string, string][] = [
      ['07AAQCA8719H1Z', 'regular'],
      ['07AAQCA8719H11', 'regular'],
      ['07DELA12345A1Z', 'government'],
      ['07AAQCA8719H1C', 'tcs'],
      ['07DELA12345A1D', 'tds'],
      ['0717UNO00001U', 'uin'],
      ['0717USA00001NR', 'nrtp'],
      ['9917USA29001OS', 'oidar'],
    ];
    for (const [stem, kind] of cases) {
      const full = stem.length === 13 ? withCheck(`${stem}N`) : withCheck(stem);
      expect(validateGstin(full), full).toMatchObject({ valid: true, kind });
    }
  });
});
