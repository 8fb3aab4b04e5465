/**
 * Export packages at rest (issue 24, item 2): what a copy of the database (or of a backup) holds
 * of a package cannot be opened without the password that went to the customer apart from it
 * (random, 120 bits, kept nowhere: ADR 0062) even with the KEK and the customer's key, is
 * unreadable once the customer is erased, and is gone after the first download or after expiry.
 * Packages stored before ADR 0062 (key under argon2id of a chosen password) still open with it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { EXPORT_KDF, openPackage, sealPackage } from '../../src/modules/privacy/export-sealing.js';
import { describeEachEngine } from '../support/engines.js';
import { createPrivacyShop, type PrivacyShop } from './support/privacy-fixture.js';
import { unzipText } from './support/unzip.js';

const OLD_PASSWORD = 'saffron lantern 7781 window';

describeEachEngine('export packages at rest', (getDb) => {
  let shop: PrivacyShop;

  beforeAll(async () => {
    shop = await createPrivacyShop(getDb());
  }, 60_000);
  afterAll(async () => shop?.close());

  /** A customer of its own and a password export of them, as the back office makes it. */
  let made = 0;
  async function exported(name: string) {
    made += 1;
    const customerId = await shop.customer({
      name,
      phone: `+9198000004${String(50 + made)}`,
      email: `devika.fake${String(made)}@example.com`,
    });
    const { requests } = shop.t.services.privacy;
    const request = await requests.create(shop.operator, {
      kind: 'export',
      channel: 'back_office',
      customerId,
      verifiedInPerson: true,
    });
    const view = await requests.fulfilExport(shop.operator, request.id, { kind: 'password' });
    return { customerId, view, password: view.password ?? '' };
  }

  const stored = (id: string) =>
    getDb()
      .db.selectFrom('privacy_exports')
      .selectAll()
      .where('tenant_id', '=', shop.tenant.tenantId)
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  const refOf = (row: { id: string; customer_id: string }) => ({
    tenantId: shop.tenant.tenantId,
    table: 'privacy_exports',
    column: 'package_key_enc',
    rowId: row.id,
    subjectId: row.customer_id,
  });
  const place = (id: string) => ({ tenantId: shop.tenant.tenantId, exportId: id });

  it('a package read from the database does not open without the password, even with every key', async () => {
    const { view, password } = await exported('Devika Rest One');
    const row = await stored(view.id);
    // Neither the zip (magic PK) nor anything personal is in the row; the key is in an envelope.
    expect(row.package.subarray(0, 2).toString('latin1')).not.toBe('PK');
    expect(row.package.includes(Buffer.from('devika.fake'))).toBe(false);
    expect(row.package_key_enc).not.toBeNull();
    // Nothing derived from the password is stored: it is random and the customer holds it alone.
    expect(row.kdf).toBeNull();
    expect(JSON.stringify(row)).not.toContain(password);
    // An attacker holding the KEK opens the customer's envelope and the seal, and finds a zip
    // under a 120-bit random password: AE-2's PBKDF2 no longer matters.
    const keyMaterial = await shop.t.services.fieldCipher.decrypt(refOf(row), row.package_key_enc ?? '');
    const sealed = { sealed: Buffer.from(row.package), keyMaterial, kdf: row.kdf };
    // The sealed package does not move to another export's place.
    await expect(openPackage(sealed, { ...place(row.id), exportId: 'another' }, undefined)).rejects.toThrow();
    const zip = await openPackage(sealed, place(row.id), undefined);
    expect(zip.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(zip.includes(Buffer.from('Devika Rest One'))).toBe(false);
    for (const guess of [undefined, '', OLD_PASSWORD, password.toLowerCase(), password.replaceAll('-', ' ')])
      await expect(unzipText(zip, guess)).rejects.toThrow();
    expect((await unzipText(zip, password)).get('data.json')).toContain('Devika Rest One');
  });

  it('a package stored before ADR 0062 (key under argon2id of a chosen password) still needs that password', async () => {
    const place0 = place('before-0062');
    const bytes = Buffer.from('PK-not-really-a-zip');
    const old = await sealPackage(bytes, place0, OLD_PASSWORD);
    expect(old.kdf).toBe(
      `argon2id$v=19$m=${EXPORT_KDF.memoryCost},t=${EXPORT_KDF.timeCost},p=${EXPORT_KDF.parallelism}$${old.kdf?.split('$')[3] ?? ''}`,
    );
    await expect(openPackage(old, place0, undefined)).rejects.toMatchObject({ field: 'password' });
    await expect(openPackage(old, place0, `${OLD_PASSWORD}s`)).rejects.toMatchObject({ field: 'password' });
    expect(await openPackage(old, place0, OLD_PASSWORD)).toEqual(bytes);
  });

  it('downloads once, then the package and its key are gone', async () => {
    const { exports } = shop.t.services.privacy;
    const { view, password } = await exported('Devika Rest Two');
    const file = await exports.download(shop.operator, view.id);
    expect((await unzipText(file.bytes, password)).get('data.json')).toContain('Devika Rest Two');
    const after = await stored(view.id);
    expect(after.package.length).toBe(0);
    expect(after.package_key_enc).toBeNull();
    expect(Number(after.downloads)).toBe(1);
    await expect(exports.download(shop.operator, view.id)).rejects.toMatchObject({
      code: 'conflict',
      message: /already downloaded/,
    });
  });

  it('after expiry the package is gone, never handed out', async () => {
    const { exports } = shop.t.services.privacy;
    const { view } = await exported('Devika Rest Three');
    const now = shop.t.clock.now();
    try {
      shop.t.clock.set(new Date(new Date(view.expiresAt).getTime() + 1000));
      await expect(exports.download(shop.operator, view.id)).rejects.toMatchObject({
        code: 'conflict',
        message: /expired/,
      });
    } finally {
      shop.t.clock.set(now);
    }
    const row = await stored(view.id);
    expect(row.package.length).toBe(0);
    expect(row.package_key_enc).toBeNull();
    // Even back before the expiry time, nothing is left to download.
    await expect(exports.download(shop.operator, view.id)).rejects.toMatchObject({
      code: 'conflict',
    });
  });

  it("after the customer's erasure, a copy of the package taken before it is unreadable, password or not", async () => {
    const { customerId, view } = await exported('Devika Rest Four');
    const copy = await stored(view.id);
    await shop.t.services.privacy.erasure.erase(shop.operator, { customerId, reason: 'dsr_erasure' });
    // The row itself is deleted ...
    const left = await getDb()
      .db.selectFrom('privacy_exports')
      .select('id')
      .where('tenant_id', '=', shop.tenant.tenantId)
      .where('id', '=', view.id)
      .execute();
    expect(left).toEqual([]);
    // ... and the copy's key envelope no longer opens: the customer's key was destroyed.
    await expect(
      shop.t.services.fieldCipher.decrypt(refOf(copy), copy.package_key_enc ?? ''),
    ).rejects.toMatchObject({ code: 'decryption_failed' });
  });
});
