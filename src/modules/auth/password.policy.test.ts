/** Password policy vectors: what is refused (with the reason) and what is accepted. */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadPasswordBlocklist, readVerifiedList } from './password-blocklist.js';
import { checkPassword, type PasswordContext } from './password.policy.js';

const blocklist = loadPasswordBlocklist();
const base: PasswordContext = {
  hasMfa: false,
  contextWords: ['Sharma Garments', 'Ravi Kumar', 'ravi.kumar@example.com'],
};
const reason = (pw: string, ctx: PasswordContext = base) => {
  const v = checkPassword(pw, ctx, blocklist);
  return v.ok ? 'ok' : v.reason;
};

describe('password policy', () => {
  it('ships an offline blocklist of at least 100,000 distinct passwords', () => {
    expect(blocklist.size).toBeGreaterThanOrEqual(100_000);
  });

  it('has breached entries that are only in the shipped SecLists file, not in the zxcvbn list', () => {
    // Entries of data/breached-passwords.txt.gz (mixed case in the file) absent from zxcvbn-ts.
    expect(blocklist.has('Gankutsuou1989')).toBe(true);
    expect(blocklist.has('GANKUTSUOU1989')).toBe(true);
    expect(blocklist.has('Itachi1995')).toBe(true);
    expect(blocklist.has('Gankutsuou1988x')).toBe(false);
  });

  it('refuses a list file whose SHA-256 is not the expected one', () => {
    const file = gzipSync(Buffer.from('hunter2\nletmein\n'));
    const digest = '6b8a5e4c2e5a0e4f2f5d6a4f6e0c3b1a9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a';
    expect(() => readVerifiedList(file, digest)).toThrow(/SHA-256 differs/);
  });

  it('refuses too short: 15 without MFA, 8 with MFA, the shop minimum, 12 in PCI mode', () => {
    expect(reason('tiny pass')).toBe('too_short');
    expect(reason('kettle-orbit-97', { ...base, hasMfa: true })).toBe('ok');
    expect(reason('kettle-orbit-9', { ...base, hasMfa: true, shopMinimum: 20 })).toBe('too_short');
    expect(reason('q7-lantern-z', { ...base, hasMfa: true, pciMode: true })).toBe('ok');
    expect(reason('lantern-monsoon', { ...base, hasMfa: true, pciMode: true })).toBe(
      'needs_letters_and_digits',
    );
  });

  it('refuses common and breached passwords, whatever the case', () => {
    expect(reason('passwordpassword')).toBe('common');
    expect(reason('123456789012345', { ...base, hasMfa: true })).toBe('common');
    expect(reason('iloveyou', { ...base, hasMfa: true })).toBe('common');
    expect(reason('QWERTYUIOP', { ...base, hasMfa: true })).toBe('common');
  });

  it('refuses passwords containing the shop name, user name or email', () => {
    expect(reason('sharma garments billing 2026')).toBe('contains_context');
    expect(reason('SharmaGarments!!rocks')).toBe('contains_context');
    expect(reason('my name is ravi and i sell sarees')).toBe('contains_context');
  });

  it("refuses the service's own name and its variants, also in look-alike characters", () => {
    const mfa = { ...base, hasMfa: true };
    for (const pw of [
      'Tijori2024',
      'Tijori@2024',
      'tijori@2024',
      'T1j0r1#2024',
      'TIJ0RI!2024',
      'my-tijoree-9',
      'तिजोरी2024',
    ])
      expect(reason(pw, mfa), pw).toBe('contains_context');
    expect(reason('tijorí-lantern-harbour-17', mfa)).toBe('ok');
  });

  it('refuses a long but guessable password with a reason', () => {
    expect(reason('tvtvtvtvtvtvtvtvtvtv')).toBe('too_weak');
  });

  it('accepts a 64-character Unicode passphrase, counted in code points after NFKC, not truncated', () => {
    const phrase = 'मेरी दुकान की चाबी 🔑 हमेशा अलमारी में रहती है और चाय गरम है ☕ ठीक';
    expect([...phrase.normalize('NFKC')].length).toBeGreaterThanOrEqual(60);
    const sixtyFour = [...phrase].slice(0, 64).join('').padEnd(64, 'क');
    expect([...sixtyFour].length).toBe(64);
    expect(reason(sixtyFour)).toBe('ok');
    expect(reason('x'.repeat(200))).toBe('too_long');
  });

  it('gives a message a person can act on', () => {
    const v = checkPassword('short', base, blocklist);
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.message).toMatch(/at least 15 characters/);
  });
});
