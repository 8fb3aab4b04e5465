/**
 * Type-tagged signatures (issue 24, item 8): every kind of message the installation key signs
 * carries its kind, a signature of one kind never verifies as another (each pair), signatures
 * from before the tag still verify where they must (printed bills, stored checkpoints,
 * certificates, backups) and nowhere else, and the backup reader bounds every length before it
 * authenticates anything.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { IssuedDocument } from '../domain/gst/issued-document.types.js';
import { checkNote, signCheckpoint } from '../modules/audit/checkpoint-note.js';
import {
  signDocument,
  verifyBillSignature,
  verifyDocumentSignature,
} from '../modules/documents/document-signature.js';
import {
  signCertificate,
  verifyCertificate,
  type ErasureCertificate,
} from '../modules/privacy/customer-erasure.service.js';
import { signReport, verifySignedReport } from '../modules/security-audit/security-audit-report.js';
import type { SecurityAuditReport } from '../modules/security-audit/security-audit.types.js';
import { encodeFields } from './aead.js';
import { decryptBackupFile, encryptBackupFile } from './backup-crypto.js';
import { generateSealKeyPair } from './sealed-box.js';
import {
  SIGNED_KINDS,
  createSigner,
  generateSigningKeyPair,
  signBytes,
  taggedMessage,
  verifyBytes,
  verifyTagged,
  type Signer,
} from './signing.js';

const pair = generateSigningKeyPair();
const signer = createSigner(pair);
/** The signer as it was before the tag: it signed the bytes it was given. */
const untagged: Signer = { ...signer, sign: (_kind, data) => signBytes(pair.privateKeyPem, data) };
/** A signer that signs every message as another kind than asked. */
const as = (kind: (typeof SIGNED_KINDS)[number]): Signer => ({
  ...signer,
  sign: (_asked, data) => signBytes(pair.privateKeyPem, taggedMessage(kind, data)),
});

const doc = {
  supplier: { gstin: '29ABCDE1234F1Z5' },
  type: 'tax_invoice',
  kind: 'b2c',
  number: 'KS/2026-27/000123',
  date: '2026-12-07',
  status: 'issued',
  buyer: null,
  placeOfSupply: '29',
  totals: {
    taxablePaise: 100000,
    taxes: { cgst: 2500, sgst: 2500, utgst: 0, igst: 0, cess: 0 },
    roundOffPaise: 0,
    totalPaise: 105000,
  },
  lines: [{ hsnSac: '6109', quantity: 1, unit: 'PCS', taxablePaise: 100000, rate: 5, totalPaise: 105000 }],
  original: null,
} as unknown as IssuedDocument;

const certificate: ErasureCertificate = {
  certificateId: 'c-1',
  tenantId: 't-1',
  customerId: 'cu-1',
  requestId: null,
  reason: 'customer_request',
  erasedAt: '2026-12-07T04:30:00.000Z',
  keyDestroyed: true,
  shredded: ['customers.phone_enc'],
  cleared: ['customers.phone_bidx'],
  deletedRows: {},
  keptByLaw: { basis: 'CGST Act s.36', documents: 0, documentsWithBuyerDetails: 0, ledgerEntries: 0 },
};

const checkpoint = {
  tenantId: 't-1',
  seq: 7,
  hash: 'cd'.repeat(32),
  time: '2026-12-07T04:30:00.000Z',
  kind: 'manual' as const,
};

describe('type-tagged signatures', () => {
  it('a signature of one kind verifies as that kind and as no other (every pair)', () => {
    const message = Buffer.from('the same bytes, whatever they claim to be');
    for (const a of SIGNED_KINDS) {
      const signature = signer.sign(a, message);
      expect(verifyBytes(pair.publicKeyPem, message, signature), `${a} untagged`).toBe(false);
      for (const b of SIGNED_KINDS)
        expect(verifyTagged(b, pair.publicKeyPem, message, signature), `${a} as ${b}`).toBe(a === b);
    }
  });

  it('the tag is unambiguous: no kind is a prefix trick of another', () => {
    const encoded = SIGNED_KINDS.map((k) => taggedMessage(k, Buffer.alloc(0)).toString('hex'));
    expect(new Set(encoded).size).toBe(SIGNED_KINDS.length);
    // A message of one kind cannot be re-read as a longer kind name with a shorter message.
    expect(
      taggedMessage('document', Buffer.from('x')).equals(taggedMessage('backup', Buffer.from('x'))),
    ).toBe(false);
  });

  it('each product verifier accepts its own kind and refuses a signature made as any other kind', () => {
    for (const kind of SIGNED_KINDS) {
      const wrong = as(kind);
      expect(
        verifyDocumentSignature(doc, pair.publicKeyPem, signDocument(doc, wrong)),
        `document ← ${kind}`,
      ).toBe(kind === 'document');
      expect(checkNote(signCheckpoint(checkpoint, wrong).note, signer).ok, `checkpoint ← ${kind}`).toBe(
        kind === 'audit-checkpoint',
      );
      expect(
        verifyCertificate(signCertificate(certificate, wrong), pair.publicKeyPem),
        `certificate ← ${kind}`,
      ).toBe(kind === 'erasure-certificate');
      const report = { format: 'tijori-security-audit/1', tenantId: 't-1' } as unknown as SecurityAuditReport;
      expect(verifySignedReport(signReport(report, wrong), pair.publicKeyPem), `report ← ${kind}`).toBe(
        kind === 'security-audit-report',
      );
    }
  });

  it('signatures from before the tag still verify where they must, and only as their own kind', () => {
    // A bill printed last month: its QR code holds an untagged signature.
    const old = signDocument(doc, untagged);
    expect(verifyDocumentSignature(doc, pair.publicKeyPem, old)).toBe(true);
    expect(
      verifyBillSignature(doc, pair.publicKeyPem, Buffer.from(old.signature, 'base64').toString('base64url')),
    ).toBe('valid');
    // A stored checkpoint note and an issued certificate.
    expect(checkNote(signCheckpoint(checkpoint, untagged).note, signer).ok).toBe(true);
    expect(verifyCertificate(signCertificate(certificate, untagged), pair.publicKeyPem)).toBe(true);
    // An untagged signature over JSON that is not a certificate does not pass for one ...
    const report = { format: 'tijori-security-audit/1', tenantId: 't-1' } as unknown as SecurityAuditReport;
    const oldReport = signReport(report, untagged);
    expect(
      verifyCertificate(
        {
          certificate: report as unknown as ErasureCertificate,
          keyId: signer.keyId,
          signature: oldReport.signature.value,
        },
        pair.publicKeyPem,
      ),
    ).toBe(false);
    // ... and reports, which are only ever exported fresh, accept tagged signatures only.
    expect(verifySignedReport(oldReport, pair.publicKeyPem)).toBe(false);
    // An untagged document signature is not a checkpoint, nor the other way round.
    const payload = Buffer.from(JSON.stringify(['tijori-document-v1', 'x']), 'utf8');
    const sig = signBytes(pair.privateKeyPem, payload);
    expect(verifyTagged('audit-checkpoint', pair.publicKeyPem, payload, sig)).toBe(false);
  });
});

describe('backup signatures and the reader', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tijori-signed-kinds-'));
  const owner = generateSealKeyPair();
  const source = join(dir, 'plain.bin');
  writeFileSync(source, Buffer.concat([randomBytes(4096), Buffer.from('Ravi Kumar +919876543210')]));
  const trust = { signers: [pair.publicKeyPem] };

  async function backup(name: string, by: Signer): Promise<string> {
    const path = join(dir, name);
    await encryptBackupFile(source, path, owner.publicKey, { format: 'sqlite-file' }, undefined, by);
    return path;
  }

  it('restores a backup signed as a backup, and refuses one whose signature is of another kind', async () => {
    await decryptBackupFile(
      await backup('ok.tjb', signer),
      join(dir, 'ok.out'),
      owner.privateKey,
      undefined,
      trust,
    );
    expect(readFileSync(join(dir, 'ok.out')).equals(readFileSync(source))).toBe(true);
    for (const kind of SIGNED_KINDS.filter((k) => k !== 'backup')) {
      const path = await backup(`as-${kind}.tjb`, as(kind));
      const out = join(dir, `as-${kind}.out`);
      await expect(
        decryptBackupFile(path, out, owner.privateKey, undefined, trust),
        kind,
      ).rejects.toMatchObject({
        message: /not signed by a key this installation trusts/,
      });
      expect(existsSync(out)).toBe(false);
    }
  });

  it('still restores a backup signed before the installation-wide tag (its own backup tag)', async () => {
    const legacy: Signer = {
      ...signer,
      sign: (_kind, digest) =>
        signBytes(pair.privateKeyPem, encodeFields(['tijori-backup-signature-v1', digest])),
    };
    const path = await backup('legacy.tjb', legacy);
    await decryptBackupFile(path, join(dir, 'legacy.out'), owner.privateKey, undefined, trust);
    expect(existsSync(join(dir, 'legacy.out'))).toBe(true);
    // The bare digest signed untagged is not a backup signature.
    const bare = await backup('bare.tjb', untagged);
    await expect(
      decryptBackupFile(bare, join(dir, 'bare.out'), owner.privateKey, undefined, trust),
    ).rejects.toThrow();
  });

  it('bounds every length before authenticating: a huge chunk length or header is refused without allocating it', async () => {
    const good = readFileSync(await backup('bounds.tjb', signer));
    const headerEnd = good.indexOf(0x0a, good.indexOf(0x0a) + 1) + 1;
    const huge = Buffer.from(good);
    huge.writeUInt32BE(0xffffffff, headerEnd);
    const hugePath = join(dir, 'huge.tjb');
    writeFileSync(hugePath, huge);
    // Without trust (signature not checked), the length itself must stop the reader.
    await expect(decryptBackupFile(hugePath, join(dir, 'huge.out'), owner.privateKey)).rejects.toMatchObject({
      code: 'validation_failed',
    });
    const longHeader = Buffer.concat([Buffer.from('TIJORI-BACKUP-2\n'), Buffer.alloc(64 * 1024, 0x20)]);
    const longPath = join(dir, 'long.tjb');
    writeFileSync(longPath, longHeader);
    await expect(decryptBackupFile(longPath, join(dir, 'long.out'), owner.privateKey)).rejects.toMatchObject({
      code: 'validation_failed',
    });
    expect(existsSync(join(dir, 'huge.out'))).toBe(false);
  });
});
