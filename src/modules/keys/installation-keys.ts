/**
 * Long-lived key pairs kept in the database with their private halves protected: the
 * installation's Ed25519 signing key (private seed wrapped by the KEK, so every instance on
 * PostgreSQL signs with the same key) and each tenant's sealed-box key pair (private key
 * encrypted under the tenant's `documents` key).
 */
import { asSystem } from '../../db/tenant-scope.js';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { KeyProvider } from '../../crypto/key-provider.js';
import { generateSealKeyPair, type SealKeyPair } from '../../crypto/sealed-box.js';
import { createSigner, generateSigningKeyPair, type Signer } from '../../crypto/signing.js';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../../domain/clock.js';
import { inTransaction } from '../../db/in-transaction.js';
import { AuditTrail } from '../audit/audit.recorder.js';
import { systemContext } from '../../kernel/audit.js';
import { declareEncryptedColumn } from './encrypted-columns.js';
import type { FieldCipher } from './field-crypto.types.js';
import { INSTALLATION_TENANT } from './key-ring.service.js';

declareEncryptedColumn({
  table: 'tenant_key_pairs',
  column: 'private_key',
  purpose: 'documents',
  rowIdColumn: 'purpose',
});

/** The installation signing key's row in `tenant_key_pairs` (its private seed wrapped by the KEK). */
export const SIGNING = 'signing';
const SEALED_BOX = 'sealed_box';
/** The wrap context of the installation signing key. */
export const SIGNING_CONTEXT = `${INSTALLATION_TENANT}/signing/1`;

/** Stores a key pair once (a racing instance's pair wins) and records its creation. */
async function insertPair(
  db: Kysely<Database>,
  tenantId: string,
  purpose: string,
  publicKey: string,
  privateKey: string,
  at: string,
  clock: Clock,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const inserted = await trx
      .insertInto('tenant_key_pairs')
      .values({
        tenant_id: tenantId,
        purpose,
        public_key: publicKey,
        private_key: privateKey,
        created_at: at,
      })
      .onConflict((oc) => oc.columns(['tenant_id', 'purpose']).doNothing())
      .executeTakeFirst();
    if ((inserted.numInsertedOrUpdatedRows ?? 0n) > 0n)
      await new AuditTrail(clock).record(trx, systemContext(tenantId, 'keys'), {
        action: 'key.create',
        objectType: 'key_pair',
        objectId: purpose,
        outcome: 'success',
        details: { algorithm: purpose === SIGNING ? 'Ed25519' : 'X25519' },
      });
  });
}

async function findPair(db: Kysely<Database>, tenantId: string, purpose: string) {
  return db
    .selectFrom('tenant_key_pairs')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('purpose', '=', purpose)
    .executeTakeFirst();
}

/**
 * The installation signer, creating the key pair on first use. The installation's key is no
 * business's: it is read and created in the system scope (ADR 0064), whoever asks first.
 */
export function loadInstallationSigner(
  db: Kysely<Database>,
  provider: KeyProvider,
  clock: Clock,
): Promise<Signer> {
  return asSystem('installation signing key', () => installationSigner(db, provider, clock));
}

async function installationSigner(
  db: Kysely<Database>,
  provider: KeyProvider,
  clock: Clock,
): Promise<Signer> {
  let row = await findPair(db, INSTALLATION_TENANT, SIGNING);
  if (row === undefined) {
    const pair = generateSigningKeyPair();
    const seed = createPrivateKey(pair.privateKeyPem).export({ format: 'der', type: 'pkcs8' });
    const wrapped = await provider.wrapKey(Buffer.from(seed), SIGNING_CONTEXT);
    await insertPair(
      db,
      INSTALLATION_TENANT,
      SIGNING,
      pair.publicKeyPem,
      wrapped,
      clock.now().toISOString(),
      clock,
    );
    row = await findPair(db, INSTALLATION_TENANT, SIGNING);
  }
  if (row === undefined) throw new Error('the installation signing key could not be stored');
  const der = await provider.unwrapKey(row.private_key, SIGNING_CONTEXT);
  const privateKeyPem = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })
    .export({ format: 'pem', type: 'pkcs8' })
    .toString();
  der.fill(0);
  // The stored public key must match the private key: a swapped row would sign as someone else.
  const publicKeyPem = createPublicKey(privateKeyPem).export({ format: 'pem', type: 'spki' }).toString();
  if (publicKeyPem !== row.public_key)
    throw new Error('the stored installation public key does not match its private key');
  return createSigner({ privateKeyPem, publicKeyPem });
}

/** The tenant's sealed-box public key (created on first use); safe to give to counters and forms. */
export async function tenantSealPublicKey(
  db: Kysely<Database>,
  cipher: FieldCipher,
  clock: Clock,
  tenantId: string,
): Promise<string> {
  const existing = await findPair(db, tenantId, SEALED_BOX);
  if (existing !== undefined) return existing.public_key;
  const pair: SealKeyPair = generateSealKeyPair();
  const envelope = await cipher.encrypt(
    'documents',
    { tenantId, table: 'tenant_key_pairs', column: 'private_key', rowId: SEALED_BOX },
    pair.privateKey,
  );
  await insertPair(db, tenantId, SEALED_BOX, pair.publicKey, envelope, clock.now().toISOString(), clock);
  return (await findPair(db, tenantId, SEALED_BOX))?.public_key ?? pair.publicKey;
}

/** The tenant's sealed-box private key, for the owner's side that opens what counters sealed. */
export async function tenantSealPrivateKey(
  db: Kysely<Database>,
  cipher: FieldCipher,
  tenantId: string,
): Promise<string> {
  const row = await findPair(db, tenantId, SEALED_BOX);
  if (row === undefined) throw new Error('this tenant has no sealed-box key pair yet');
  return cipher.decrypt(
    { tenantId, table: 'tenant_key_pairs', column: 'private_key', rowId: SEALED_BOX },
    row.private_key,
  );
}
