/** Signed checkpoint notes: the format, and that no change to a signed note goes unnoticed. */
import { describe, expect, it } from 'vitest';
import { createSigner, generateSigningKeyPair } from '../../crypto/signing.js';
import { checkNote, signCheckpoint, splitNotes } from './checkpoint-note.js';

const signer = createSigner(generateSigningKeyPair());
const checkpoint = {
  tenantId: 't-1',
  seq: 1234,
  hash: 'ab'.repeat(32),
  time: '2026-04-01T04:30:00.000Z',
  kind: 'retention' as const,
  kept: 7,
};

describe('checkpoint notes', () => {
  it('are C2SP-style signed notes that verify with the installation key', () => {
    const { note } = signCheckpoint(checkpoint, signer);
    const [body, signature] = note.split('\n\n');
    expect(body).toBe(
      `tijori/audit/t-1\n1234\n${Buffer.from('ab'.repeat(32), 'hex').toString('base64')}\ntime 2026-04-01T04:30:00.000Z\nkind retention\nkept 7`,
    );
    expect(signature).toMatch(new RegExp(`^\u2014 tijori-${signer.keyId} [A-Za-z0-9+/]{91}=\\n$`));
    const check = checkNote(note, signer);
    expect(check.ok && check.checkpoint).toMatchObject(checkpoint);
  });

  it('fail on any changed character of the body, on another key, and on garbage', () => {
    const { note } = signCheckpoint(checkpoint, signer);
    const bodyLength = note.indexOf('\n\n');
    for (let i = 0; i < bodyLength; i += 1) {
      const changed = note.slice(0, i) + String.fromCharCode(note.charCodeAt(i) ^ 1) + note.slice(i + 1);
      expect(checkNote(changed, signer).ok, `character ${i}`).toBe(false);
    }
    expect(checkNote(note, createSigner(generateSigningKeyPair()))).toMatchObject({
      ok: false,
      reason: /no signature by this installation's key/,
    });
    expect(checkNote('hello', signer)).toMatchObject({ ok: false });
  });

  it('split a file of several notes', () => {
    const a = signCheckpoint(checkpoint, signer).note;
    const b = signCheckpoint(
      { ...checkpoint, tenantId: 't-2', kind: 'periodic', kept: undefined },
      signer,
    ).note;
    expect(splitNotes(`${a}${b}\n`)).toEqual([a, b]);
    expect(splitNotes(`${a}\r\n`.replace(/\n/g, '\r\n')).map((n) => checkNote(n, signer).ok)).toEqual([true]);
  });
});
