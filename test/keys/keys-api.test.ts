/**
 * The keys API on both engines: public keys for counters and for checking signatures (a counter
 * holding only the public key cannot open what it sealed; the owner's side can), signatures
 * verifiable offline with the exported key, and key operations (rotation, minimum decryption
 * version) refused without a recent re-authentication, with rotation progress readable.
 */
import { createPublicKey } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { open, seal } from '../../src/crypto/sealed-box.js';
import { verifyBytes, verifyTagged } from '../../src/crypto/signing.js';
import { loadInstallationSigner, tenantSealPrivateKey } from '../../src/modules/keys/installation-keys.js';
import { describeEachEngine } from '../support/engines.js';
import { createTenant } from '../support/factories.js';
import {
  buildIdentityTestApp,
  createAccount,
  seedRoles,
  signIn,
  type IdentityTestApp,
  type SignedIn,
} from '../support/identity.js';

interface PublicKeys {
  sealedBox: { algorithm: string; publicKey: string };
  signing: { algorithm: string; keyId: string; publicKeyPem: string; publicKey: string };
}

describeEachEngine('keys API', (getDb) => {
  let t: IdentityTestApp;
  let tenantId: string;
  let owner: { email: string; password: string; userId: string };
  let o: SignedIn;
  let cashier: SignedIn;

  beforeAll(async () => {
    t = await buildIdentityTestApp(getDb());
    tenantId = (await createTenant(getDb().db)).tenantId;
    await seedRoles(getDb().db, tenantId);
    owner = await createAccount(t.services, tenantId, { role: 'owner' });
    o = await signIn(t, owner, 'owner');
    cashier = await signIn(t, await createAccount(t.services, tenantId, { role: 'cashier' }), 'cashier');
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  const get = (url: string, s: SignedIn) => t.app.inject({ method: 'GET', url, headers: s.headers });
  const send = (method: 'POST' | 'PUT', url: string, s: SignedIn, payload: object) =>
    t.app.inject({ method, url, headers: s.headers, payload });

  it('a counter gets the public keys; what it seals only the owner side opens', async () => {
    const res = await get('/api/v1/keys/public', cashier);
    expect(res.statusCode).toBe(200);
    const keys = res.json<PublicKeys>();
    expect(keys.sealedBox.publicKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await get('/api/v1/keys/public', o)).json<PublicKeys>()).toEqual(keys);

    const sealed = seal(keys.sealedBox.publicKey, 'customer consent form: phone +919845033333', 'consent');
    // The counter has the public key and the box, nothing else: no private key is reachable.
    expect(JSON.stringify(keys)).not.toMatch(/PRIVATE/);
    expect(() => open(keys.sealedBox.publicKey, sealed, 'consent')).toThrow();
    const { rows } = await sql<{ private_key: string }>`
      select private_key from tenant_key_pairs where tenant_id = ${tenantId} and purpose = 'sealed_box'`.execute(
      getDb().db,
    );
    expect(rows[0]?.private_key).toMatch(/^tj1:documents:1:/);
    const privateKey = await tenantSealPrivateKey(getDb().db, t.services.fieldCipher, tenantId);
    expect(open(privateKey, sealed, 'consent').toString('utf8')).toBe(
      'customer consent form: phone +919845033333',
    );
  });

  it('signatures of the installation key verify with the exported public key, and nothing else does', async () => {
    const keys = (await get('/api/v1/keys/public', cashier)).json<PublicKeys>();
    const signer = await loadInstallationSigner(getDb().db, t.keyProvider, t.clock);
    expect(signer.keyId).toBe(keys.signing.keyId);
    const document = Buffer.from('invoice KS/2026-27/000123 total 104950 paise');
    const signature = signer.sign('document', document);
    // The key signs type-tagged messages only: the bare bytes were never signed.
    expect(verifyBytes(keys.signing.publicKeyPem, document, signature)).toBe(false);
    expect(verifyTagged('document', keys.signing.publicKeyPem, document, signature)).toBe(true);
    const fromRaw = createPublicKey({
      key: {
        kty: 'OKP',
        crv: 'Ed25519',
        x: Buffer.from(keys.signing.publicKey, 'base64').toString('base64url'),
      },
      format: 'jwk',
    })
      .export({ format: 'pem', type: 'spki' })
      .toString();
    expect(verifyTagged('document', fromRaw, document, signature)).toBe(true);
    expect(
      verifyTagged(
        'document',
        keys.signing.publicKeyPem,
        Buffer.from('invoice KS/2026-27/000123 total 1049500 paise'),
        signature,
      ),
    ).toBe(false);
    expect(verifyBytes(keys.signing.publicKeyPem, document, Buffer.alloc(64))).toBe(false);
    // The private seed is stored wrapped by the KEK, never in clear.
    const { rows } = await sql<{ private_key: string }>`
      select private_key from tenant_key_pairs where purpose = 'signing'`.execute(getDb().db);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.private_key).toMatch(/^kw2:[0-9a-f]{16}:/);
  });

  it('rotation and the minimum decryption version need a re-authentication within 5 minutes', async () => {
    await t.services.keyRing.activeKey(tenantId, 'payment_ref', 'payment_ref');
    t.clock.advance(6 * 60_000);
    const stale = await send('POST', '/api/v1/keys/rotations', o, { purpose: 'payment_ref' });
    expect(stale.statusCode).toBe(403);
    expect(stale.json<{ error: { code: string } }>().error.code).toBe('reauthentication_required');
    const staleMin = await send('PUT', '/api/v1/keys/payment_ref/minimum-decryption-version', o, {
      version: 1,
    });
    expect(staleMin.json<{ error: { code: string } }>().error.code).toBe('reauthentication_required');

    expect(
      (await send('POST', '/api/v1/auth/reauthenticate', o, { password: owner.password })).statusCode,
    ).toBe(204);
    const started = await send('POST', '/api/v1/keys/rotations', o, { purpose: 'payment_ref' });
    expect(started.statusCode).toBe(202);
    const rotation = started.json<{ id: string; fromVersion: number; toVersion: number }>();
    expect(rotation).toMatchObject({ fromVersion: 1, toVersion: 2 });
    const progress = await get(`/api/v1/keys/rotations/${rotation.id}`, o);
    expect(progress.json()).toMatchObject({ id: rotation.id, status: 'running', rowsTotal: 0 });
    const tooHigh = await send('PUT', '/api/v1/keys/payment_ref/minimum-decryption-version', o, {
      version: 3,
    });
    expect(tooHigh.statusCode).toBe(400);
    expect(tooHigh.json<{ error: { field: string } }>().error.field).toBe('version');
    const min = await send('PUT', '/api/v1/keys/payment_ref/minimum-decryption-version', o, { version: 2 });
    expect(min.statusCode).toBe(200);
    expect(min.json()).toMatchObject({ keyId: 'payment_ref', minimumVersion: 2, retired: [1] });
    const inventory = (await get('/api/v1/keys', o)).json<{
      keys: { keyId: string; version: number; status: string }[];
    }>();
    expect(inventory.keys.filter((k) => k.keyId === 'payment_ref').map((k) => [k.version, k.status])).toEqual(
      [
        [1, 'retired'],
        [2, 'active'],
      ],
    );
    // A cashier may read public keys but never manage keys.
    expect((await get('/api/v1/keys', cashier)).statusCode).toBe(403);
  });
});
