import { describe, expect, it } from 'vitest';
import { securityEn } from './security.en';
import { securityHi } from './security.hi';
import { placeholdersOf, translationAt as lookup, translationKeys as keys } from './translation-tree';

describe('security page translations', () => {
  it('Hindi has every English key, with the same placeholders, and is in Hindi', () => {
    expect(keys(securityHi).sort()).toEqual(keys(securityEn).sort());
    for (const key of keys(securityEn)) {
      expect(placeholdersOf(lookup(securityHi, key)), key).toEqual(placeholdersOf(lookup(securityEn, key)));
      if (!/scoreOf|versionLine/.test(key)) expect(lookup(securityHi, key), key).toMatch(/[\u0900-\u097F]/);
    }
  });
});
