/**
 * A separate process that issues invoices through the real checkout service, for the
 * concurrency and crash tests: `CLIENTS` concurrent loops each issue `COUNT` invoices (or run
 * until killed when COUNT is 0), printing `issued <number>` after each commit. Started with tsx
 * by the tests; settings come from the environment (test-only code).
 */
import { randomBytes } from 'node:crypto';
import { openDatabase } from '../../../src/db/database.js';
import { ManualClock } from '../../../src/domain/clock.js';
import { createSigner, generateSigningKeyPair } from '../../../src/crypto/signing.js';
import { loadEnvKeyProvider } from '../../../src/crypto/env.key-provider.js';
import { operatorActor } from '../../../src/kernel/actor.js';
import { createBilling } from '../../../src/modules/billing/billing.module.js';
import { defaultKeyRingOptions } from '../../../src/modules/keys/key-ring.service.js';
import { createTestKeys } from '../../support/keys.js';
import { SHOP_TIME } from './billing-fixture.js';
import { tableAuditRecorder } from './table-audit.js';

const env = process.env;
const database = openDatabase(
  env.PG_URL !== undefined && env.PG_URL !== ''
    ? { url: env.PG_URL, poolSize: 8 }
    : { sqlitePath: env.SQLITE_PATH ?? '' },
);
const clock = new ManualClock(SHOP_TIME);
const keys = createTestKeys(database.db, {
  clock,
  provider: loadEnvKeyProvider(env.KEK ?? ''),
  ring: defaultKeyRingOptions,
});
const signer = createSigner(generateSigningKeyPair());
const billing = createBilling({
  db: database.db,
  engine: database.engine,
  clock,
  audit: tableAuditRecorder,
  cipher: keys.cipher,
  signer: () => Promise.resolve(signer),
});
const actor = operatorActor(env.TENANT_ID ?? '');
const count = Number(env.COUNT ?? '0');
const clients = Number(env.CLIENTS ?? '1');
const variants = (env.VARIANTS ?? '').split(',');

async function client(index: number): Promise<void> {
  for (let i = 0; count === 0 || i < count; i += 1) {
    // Each client sells its own item (as counters mostly do), so clients contend on the series only.
    const lines = [{ variantId: variants[index % variants.length] ?? '', quantity: 1 + (i % 2) }];
    const invoice = await billing.checkout.checkout(
      actor,
      { storeId: env.STORE_ID ?? '', lines, payments: [{ method: 'cash', amountPaise: 10_000_000 }] },
      `w-${randomBytes(12).toString('hex')}`,
    );
    if (count === 0) process.stdout.write(`issued ${invoice.number}\n`);
  }
}

await Promise.all(Array.from({ length: clients }, (_, i) => client(i)));
await database.close();
process.stdout.write('done\n');
