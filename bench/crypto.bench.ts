/**
 * Field encryption benchmarks (issue: field-level encryption):
 *  1. Encrypt + blind-index a customer record through the product's FieldCipherService, against a
 *     raw node:crypto AES-256-GCM + HMAC loop over the same records, and against ciphersweet-js
 *     doing the same job (4 encrypted fields, 3 blind indexes).
 *  2. Lookup by phone among 1,000,000 encrypted customers on SQLite through the product path
 *     (CustomerService.findMatches over the customers table: candidates with their subject keys in
 *     one query, exact matches kept; a customer card with masked fields), against the same card
 *     from a plaintext indexed column in the same database.
 *  3. Re-encryption rate while rotating 1,000,000 values, and checkout-like write latency during
 *     the rotation against the same writes without it.
 * TIJORI_BENCH_CUSTOMERS=N sets the population for quick runs; the recorded run uses 1,000,000.
 */
import { createCipheriv, createHmac, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { sql, type Kysely } from 'kysely';
import { loadEnvKeyProvider } from '../src/crypto/env.key-provider.js';
import type { Database } from '../src/db/schema.js';
import { ManualClock, systemClock } from '../src/domain/clock.js';
import { FieldCipherService } from '../src/modules/keys/field-cipher.service.js';
import { KeyRing, defaultKeyRingOptions } from '../src/modules/keys/key-ring.service.js';
import { RotationService } from '../src/modules/keys/rotation.service.js';
import { measureInterleaved, median, percentile, type BenchReport, type CaseOptions } from './harness.js';
import {
  TENANT,
  createCustomerTables,
  customerId,
  lookupEncrypted,
  lookupPlain,
  populateCustomers,
  typedPhone,
} from './support/customer-tables.js';
import { openBenchDatabase } from './support/databases.js';

const require = createRequire(import.meta.url);
interface CipherSweetModule {
  CipherSweet: new (provider: unknown) => unknown;
  StringProvider: new (hex: string) => unknown;
  EncryptedRow: new (
    engine: unknown,
    table: string,
  ) => {
    addTextField(name: string): ReturnType<CipherSweetModule['EncryptedRow']['prototype']['addTextField']>;
    addBlindIndex(column: string, index: unknown): unknown;
    prepareRowForStorage(
      row: Record<string, string>,
    ): Promise<[Record<string, string>, Record<string, string>]>;
  };
  BlindIndex: new (name: string, transforms: unknown[], bits: number, fast: boolean) => unknown;
  LastFourDigits: new () => unknown;
}

interface Customer {
  id: string;
  name: string;
  phone: string;
  email: string;
  address: string;
}

function customers(n: number): Customer[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `c${String(i).padStart(7, '0')}`,
    name: `Customer Number ${i}`,
    phone: `+9198${String(10_000_000 + i).slice(-8)}`,
    email: `customer${i}@example.in`,
    address: `${i} MG Road, Bengaluru 5600${String(i % 100).padStart(2, '0')}`,
  }));
}

async function recordThroughput(): Promise<BenchReport['measurements']> {
  const bench = await openBenchDatabase('sqlite');
  try {
    const provider = loadEnvKeyProvider(randomBytes(32).toString('base64'));
    const ring = new KeyRing(bench.handle.db, provider, systemClock, defaultKeyRingOptions);
    const cipher = new FieldCipherService(bench.handle.db, ring, systemClock, { expectedRows: 1_000_000 });
    const records = customers(2_000);
    // Existing customers: their subject keys are created once, as at their first sale.
    for (const c of records)
      await cipher.encrypt(
        'customer_pii',
        { tenantId: 't1', table: 'customers', column: 'name', rowId: c.id, subjectId: c.id },
        c.name,
      );

    const productCase: CaseOptions = {
      name: 'Tijori FieldCipherService: 4 fields encrypted + 3 blind indexes',
      unit: 'records/s',
      run: async () => {
        for (const c of records) {
          const ref = (column: string) => ({
            tenantId: 't1',
            table: 'customers',
            column,
            rowId: c.id,
            subjectId: c.id,
          });
          await cipher.encrypt('customer_pii', ref('name'), c.name);
          await cipher.encrypt('customer_pii', ref('phone'), c.phone);
          await cipher.encrypt('customer_pii', ref('email'), c.email);
          await cipher.encrypt('customer_pii', ref('address'), c.address);
          await cipher.index('t1', 'phone', c.phone);
          await cipher.index('t1', 'phone_last4', c.phone);
          await cipher.index('t1', 'email', c.email);
        }
        return records.length;
      },
    };

    const key = randomBytes(32);
    const macKey = randomBytes(32);
    const rawCase: CaseOptions = {
      name: 'raw node:crypto loop: 4 x AES-256-GCM + 3 x HMAC-SHA256',
      unit: 'records/s',
      run: () => {
        for (const c of records) {
          for (const value of [c.name, c.phone, c.email, c.address]) {
            const cipherer = createCipheriv('aes-256-gcm', key, randomBytes(12));
            cipherer.update(value, 'utf8');
            cipherer.final();
            cipherer.getAuthTag();
          }
          for (const value of [c.phone, c.phone.slice(-4), c.email])
            createHmac('sha256', macKey).update(value).digest();
        }
        return records.length;
      },
    };

    const cs = require('ciphersweet-js') as CipherSweetModule;
    const engine = new cs.CipherSweet(new cs.StringProvider(randomBytes(32).toString('hex')));
    const row = new cs.EncryptedRow(engine, 'customers');
    row.addTextField('name');
    row.addTextField('phone');
    row.addTextField('email');
    row.addTextField('address');
    row.addBlindIndex('phone', new cs.BlindIndex('phone_idx', [], 18, true));
    row.addBlindIndex('phone', new cs.BlindIndex('phone_last4_idx', [new cs.LastFourDigits()], 12, true));
    row.addBlindIndex('email', new cs.BlindIndex('email_idx', [], 18, true));
    const csRecords = records.slice(0, 500);
    const ciphersweetCase: CaseOptions = {
      name: 'ciphersweet-js (BoringCrypto): the same record, same indexes',
      unit: 'records/s',
      run: async () => {
        for (const c of csRecords)
          await row.prepareRowForStorage({
            name: c.name,
            phone: c.phone,
            email: c.email,
            address: c.address,
          });
        return csRecords.length;
      },
    };
    // Interleaved rounds: a change of load on the machine hits the three alike.
    const measured = await measureInterleaved([productCase, rawCase, ciphersweetCase]);
    await provider.close();
    return measured;
  } finally {
    await bench.close();
  }
}

async function openLookupDatabase(n: number) {
  const bench = await openBenchDatabase('sqlite');
  const db = bench.handle.db;
  await createCustomerTables(db);
  const provider = loadEnvKeyProvider(randomBytes(32).toString('base64'));
  const clock = new ManualClock(new Date());
  // The production key ring settings (cache sizes and times).
  const options = defaultKeyRingOptions;
  const ring = new KeyRing(db, provider, clock, options);
  // Sized for the population, as an operator sets TIJORI_BLIND_INDEX_EXPECTED_ROWS.
  const cipher = new FieldCipherService(db, ring, clock, { expectedRows: n });
  const started = performance.now();
  await populateCustomers(db, bench.sqlitePath ?? '', ring, cipher, n);
  return { bench, db, cipher, ring, clock, options, populateSeconds: (performance.now() - started) / 1000 };
}

/** Median latency of each lookup over the same random customers, alternating the two paths. */
async function lookupLatencies(
  db: Kysely<Database>,
  cipher: FieldCipherService,
  n: number,
): Promise<{ encrypted: number[]; plain: number[]; candidates: number }> {
  const lookups = 3_000;
  const encrypted: number[] = [];
  const plain: number[] = [];
  // Random customers: most per-customer keys are not in the in-memory cache.
  const pick = (i: number) => (i * 7919 + 13) % n;
  for (let i = 0; i < 300; i += 1) {
    await lookupEncrypted(db, cipher, typedPhone(pick(n - 1 - i)));
    await lookupPlain(db, typedPhone(pick(n - 1 - i)));
  }
  for (let i = 0; i < lookups; i += 1) {
    const typed = typedPhone(pick(i));
    let t = performance.now();
    const found = await lookupEncrypted(db, cipher, typed);
    encrypted.push(performance.now() - t);
    t = performance.now();
    const expected = await lookupPlain(db, typed);
    plain.push(performance.now() - t);
    if (found.length !== 1 || JSON.stringify(found) !== JSON.stringify(expected))
      throw new Error("the encrypted lookup did not return the plaintext lookup's card");
  }
  const { rows } = await sql<{ n: number }>`select count(*) as n from customers
    where tenant_id = ${TENANT} and phone_idx in (select phone_idx from customers where id in
    (${sql.join(Array.from({ length: 200 }, (_, i) => customerId(pick(i))))}))`.execute(db);
  return { encrypted, plain, candidates: Number(rows[0]?.n ?? 0) / 200 };
}

export async function run(): Promise<BenchReport> {
  const N = Number(process.env.TIJORI_BENCH_CUSTOMERS ?? 1_000_000);
  const [product, raw, ciphersweet] = await recordThroughput();
  const { bench, db, cipher, ring, clock, options, populateSeconds } = await openLookupDatabase(N);
  const figures: Record<string, number | string> = {
    'customers in the lookup and rotation database': N,
    'populate time (s)': populateSeconds,
  };
  try {
    const { encrypted, plain, candidates } = await lookupLatencies(db, cipher, N);
    const encMedian = median(encrypted);
    const plainMedian = median(plain);
    figures['phone lookup, encrypted (product path): median / p99 ms'] =
      `${encMedian.toFixed(3)} / ${percentile(encrypted, 99).toFixed(3)}`;
    figures['phone lookup, plaintext indexed column: median / p99 ms'] =
      `${plainMedian.toFixed(3)} / ${percentile(plain, 99).toFixed(3)}`;
    figures['candidates per lookup (mean over 200 random customers)'] = candidates;

    // Rotation of the payment_ref key over all N payments, with checkout-like writes meanwhile.
    const rotation = new RotationService(db, ring, cipher, clock, options.activeKeyTtlMs);
    let writeSeq = 0;
    const write = async () => {
      writeSeq += 1;
      const id = `w${String(writeSeq).padStart(7, '0')}`;
      const t = performance.now();
      await db.transaction().execute(async (trx) => {
        const ref = await cipher.encrypt(
          'payment_ref',
          { tenantId: TENANT, table: 'bench_payments', column: 'ref', rowId: id },
          `UPI-${id}`,
          trx,
        );
        await trx
          .insertInto('bench_payments' as never)
          .values({ tenant_id: TENANT, id, ref })
          .execute();
      });
      return performance.now() - t;
    };
    const quiet: number[] = [];
    for (let i = 0; i < 300; i += 1) quiet.push(await write());
    const started = await rotation.start(TENANT, 'payment_ref');
    // Retirement waits until other instances' cached active keys expired; no other instance here.
    clock.advance(options.activeKeyTtlMs);
    const during: number[] = [];
    const rotateStart = performance.now();
    let done = false;
    const writer = (async () => {
      while (!done) {
        during.push(await write());
        await new Promise((r) => setTimeout(r, 2));
      }
    })();
    const final = await rotation.runToCompletion(TENANT, started.id, { batchSize: 2_000 });
    const rotateSeconds = (performance.now() - rotateStart) / 1000;
    done = true;
    await writer;
    if (final.status !== 'completed') throw new Error('rotation did not complete');
    figures['rotation: values re-encrypted'] = final.rowsDone;
    figures['rotation: re-encryption rate (values/s)'] = final.rowsDone / rotateSeconds;
    figures['checkout-like write without rotation: p50 / p99 ms'] =
      `${median(quiet).toFixed(2)} / ${percentile(quiet, 99).toFixed(2)}`;
    figures['checkout-like write during rotation: p50 / p99 ms'] =
      `${median(during).toFixed(2)} / ${percentile(during, 99).toFixed(2)} (${during.length} writes)`;

    const lookupRatio = encMedian / plainMedian;
    return {
      benchmark: 'crypto',
      title: 'Field encryption, blind-index lookup and rotation',
      measurements: [product, raw, ciphersweet].filter((m) => m !== undefined),
      ratios: [
        {
          name: 'Tijori / raw node:crypto loop (records/s)',
          value: (product?.median ?? 0) / (raw?.median ?? 1),
          aim: '>= 0.5',
        },
        {
          name: 'Tijori / ciphersweet-js (records/s)',
          value: (product?.median ?? 0) / (ciphersweet?.median ?? 1),
          aim: '>= 2',
        },
        {
          name: 'encrypted phone lookup / plaintext lookup (median latency)',
          value: lookupRatio,
          aim: '<= 1.5',
        },
      ],
      figures,
      notes: [
        'Both lookups return the same customer card (id, kind, masked name and phone, state, credit limit, balance) for a phone typed as at the counter, normalised to E.164 first; the benchmark checks they agree on every lookup.',
        "The encrypted lookup is the product's own code, CustomerService.findMatches on the customers table: one query returns the candidates sharing the truncated phone index (whole customer rows, as the counter's view needs) with their wrapped per-customer keys (a join on subject_keys), FieldCipherService.keepExactMatches unwraps each key and decrypts each phone to drop the strangers (their keys are wiped at once, only the match's is cached), and the match's name is decrypted for the card. Lookups pick random customers, so per-customer keys are mostly not cached.",
        ...(lookupRatio > 1.5
          ? [
              `The aim of 1.5 is not met: the index is truncated so that each value matches several customers (leakage is the reason, see docs/security.md), and every candidate costs two AES-GCM decryptions (its key, its phone) and a read of its subject key (about 20 us of SQLite page reads for 4 candidates at 100,000 customers), plus a third decryption for the match's name, against one indexed read of plaintext (ADR 0011).`,
            ]
          : []),
        'Writes during rotation share one SQLite connection with the rotation batches (single process), as in a one-machine shop.',
      ],
    };
  } finally {
    await bench.close();
  }
}
