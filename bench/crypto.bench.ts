/**
 * Field encryption benchmarks (issue: field-level encryption):
 *  1. Encrypt + blind-index a customer record through the product's FieldCipherService, against a
 *     raw node:crypto AES-256-GCM + HMAC loop over the same records, and against ciphersweet-js
 *     doing the same job (4 encrypted fields, 3 blind indexes).
 *  2. Lookup by phone among 1,000,000 encrypted customers on SQLite (index, candidates, decrypt,
 *     exact match), against a lookup on a plaintext indexed column in the same database.
 *  3. Re-encryption rate while rotating 1,000,000 values, and checkout-like write latency during
 *     the rotation against the same writes without it.
 */
import { createCipheriv, createHmac, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { sql } from 'kysely';
import { loadEnvKeyProvider } from '../src/crypto/env.key-provider.js';
import { encryptField } from '../src/crypto/envelope.js';
import { blindIndex } from '../src/crypto/blind-index.js';
import { normalizePhone } from '../src/crypto/normalize.js';
import { ManualClock, systemClock } from '../src/domain/clock.js';
import { declareEncryptedColumn } from '../src/modules/keys/encrypted-columns.js';
import { FieldCipherService, indexBits } from '../src/modules/keys/field-cipher.service.js';
import { KeyRing, defaultKeyRingOptions } from '../src/modules/keys/key-ring.service.js';
import { RotationService } from '../src/modules/keys/rotation.service.js';
import { measure, median, percentile, type BenchReport } from './harness.js';
import { openBenchDatabase } from './support/databases.js';

declareEncryptedColumn({
  table: 'bench_customers',
  column: 'ref',
  purpose: 'payment_ref',
  rowIdColumn: 'id',
});

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

    const product = await measure({
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
    });

    const key = randomBytes(32);
    const macKey = randomBytes(32);
    const raw = await measure({
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
    });

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
    const ciphersweet = await measure({
      name: 'ciphersweet-js (BoringCrypto): the same record, same indexes',
      unit: 'records/s',
      runs: 3,
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
    });
    await provider.close();
    return [product, raw, ciphersweet];
  } finally {
    await bench.close();
  }
}

async function populate(n: number) {
  const bench = await openBenchDatabase('sqlite');
  const db = bench.handle.db;
  await sql`create table bench_customers (tenant_id text not null, id text not null, phone text not null, phone_bidx text not null,
    phone_plain text not null, ref text not null, primary key (tenant_id, id))`.execute(db);
  const provider = loadEnvKeyProvider(randomBytes(32).toString('base64'));
  const clock = new ManualClock(new Date());
  const options = { ...defaultKeyRingOptions, activeKeyTtlMs: 0 };
  const ring = new KeyRing(db, provider, clock, options);
  const cipher = new FieldCipherService(db, ring, clock, { expectedRows: n });
  // Generate rows in the product's exact formats, without a database round trip per value.
  const tenantKey = await ring.activeKey('t1', 'customer_pii', 'customer_pii');
  const refKey = await ring.activeKey('t1', 'payment_ref', 'payment_ref');
  const indexKey = await ring.activeKey('t1', 'bidx_phone', 'blind_index', 'blind_index');
  const bits = indexBits('phone', { expectedRows: n });
  const raw = (await import('better-sqlite3')).default;
  const direct = new raw(bench.sqlitePath ?? '');
  const insertCustomer = direct.prepare('insert into bench_customers values (?, ?, ?, ?, ?, ?)');
  const insertKey = direct.prepare('insert into subject_keys values (?, ?, ?, ?, null)');
  const now = new Date().toISOString();
  const started = performance.now();
  const chunk = 20_000;
  for (let base = 0; base < n; base += chunk) {
    direct.transaction(() => {
      for (const c of customers(Math.min(chunk, n - base)).map((c, i) => ({
        ...c,
        id: `c${String(base + i).padStart(7, '0')}`,
        phone: `+9197${String(10_000_000 + base + i).slice(-8)}`,
      }))) {
        const subjectKey = randomBytes(32);
        const wrapped = encryptField(
          tenantKey.key,
          tenantKey,
          { tenantId: 't1', table: 'subject_keys', column: 'wrapped', rowId: c.id },
          subjectKey.toString('base64'),
        );
        insertKey.run('t1', c.id, wrapped, now);
        const phone = encryptField(
          subjectKey,
          { keyId: `s_${c.id}`, version: 1 },
          { tenantId: 't1', table: 'bench_customers', column: 'phone', rowId: c.id },
          c.phone,
        );
        const ref = encryptField(
          refKey.key,
          refKey,
          { tenantId: 't1', table: 'bench_customers', column: 'ref', rowId: c.id },
          `UPI-${c.id}`,
        );
        insertCustomer.run(
          't1',
          c.id,
          phone,
          blindIndex(indexKey.key, 'phone', normalizePhone(c.phone), bits),
          c.phone,
          ref,
        );
      }
    })();
  }
  direct.exec('create index bench_customers_bidx on bench_customers (tenant_id, phone_bidx)');
  direct.exec('create index bench_customers_plain on bench_customers (tenant_id, phone_plain)');
  direct.exec('analyze');
  direct.close();
  return { bench, db, cipher, ring, clock, options, populateSeconds: (performance.now() - started) / 1000 };
}

export async function run(): Promise<BenchReport> {
  const N = Number(process.env.TIJORI_BENCH_CUSTOMERS ?? 1_000_000);
  const [product, raw, ciphersweet] = await recordThroughput();
  const { bench, db, cipher, ring, clock, options, populateSeconds } = await populate(N);
  const figures: Record<string, number | string> = {
    'customers in the lookup and rotation database': N,
    'populate time (s)': populateSeconds,
  };
  try {
    const lookups = 2_000;
    const phoneOf = (i: number) => `+9197${String(10_000_000 + ((i * 7919) % N)).slice(-8)}`;
    const encryptedTimes: number[] = [];
    const plainTimes: number[] = [];
    let candidatesSeen = 0;
    for (let i = 0; i < lookups; i += 1) {
      const phone = phoneOf(i);
      let t = performance.now();
      const rows = await db
        .selectFrom('bench_customers' as never)
        .select(['id', 'phone'] as never)
        .where('tenant_id' as never, '=', 't1' as never)
        .where('phone_bidx' as never, '=', (await cipher.index('t1', 'phone', phone)) as never)
        .execute();
      candidatesSeen += rows.length;
      const matches = [];
      for (const r of rows as { id: string; phone: string }[]) {
        const value = await cipher.decrypt(
          { tenantId: 't1', table: 'bench_customers', column: 'phone', rowId: r.id, subjectId: r.id },
          r.phone,
        );
        if (value === phone) matches.push(r.id);
      }
      encryptedTimes.push(performance.now() - t);
      if (matches.length !== 1) throw new Error('encrypted lookup missed');
      t = performance.now();
      const plain = await db
        .selectFrom('bench_customers' as never)
        .select(['id'] as never)
        .where('tenant_id' as never, '=', 't1' as never)
        .where('phone_plain' as never, '=', phone as never)
        .execute();
      plainTimes.push(performance.now() - t);
      if (plain.length !== 1) throw new Error('plain lookup missed');
    }
    const encMedian = median(encryptedTimes);
    const plainMedian = median(plainTimes);
    figures['lookup by phone, encrypted (blind index + decrypt): median ms'] = encMedian;
    figures['lookup by phone, encrypted: p99 ms'] = percentile(encryptedTimes, 99);
    figures['lookup by phone, plaintext indexed column: median ms'] = plainMedian;
    figures['candidates per encrypted lookup (mean)'] = candidatesSeen / lookups;

    // Rotation of the payment_ref column over all N rows, with checkout-like writes meanwhile.
    const rotation = new RotationService(db, ring, cipher, clock, options.activeKeyTtlMs);
    let writeSeq = 0;
    const write = async () => {
      writeSeq += 1;
      const id = `w${String(writeSeq).padStart(7, '0')}`;
      const t = performance.now();
      await db.transaction().execute(async (trx) => {
        const ref = await cipher.encrypt(
          'payment_ref',
          { tenantId: 't1', table: 'bench_customers', column: 'ref', rowId: id },
          `UPI-${id}`,
          trx,
        );
        await trx
          .insertInto('bench_customers' as never)
          .values({ tenant_id: 't1', id, phone: ref, phone_bidx: '0', phone_plain: id, ref })
          .execute();
      });
      return performance.now() - t;
    };
    const quiet: number[] = [];
    for (let i = 0; i < 300; i += 1) quiet.push(await write());
    const started = await rotation.start('t1', 'payment_ref');
    const during: number[] = [];
    const rotateStart = performance.now();
    let done = false;
    const writer = (async () => {
      while (!done) {
        during.push(await write());
        await new Promise((r) => setTimeout(r, 2));
      }
    })();
    const final = await rotation.runToCompletion('t1', started.id, { batchSize: 2_000 });
    const rotateSeconds = (performance.now() - rotateStart) / 1000;
    done = true;
    await writer;
    figures['rotation: values re-encrypted'] = final.rowsDone;
    figures['rotation: re-encryption rate (values/s)'] = final.rowsDone / rotateSeconds;
    figures['checkout-like write without rotation: p50 / p99 ms'] =
      `${median(quiet).toFixed(2)} / ${percentile(quiet, 99).toFixed(2)}`;
    figures['checkout-like write during rotation: p50 / p99 ms'] =
      `${median(during).toFixed(2)} / ${percentile(during, 99).toFixed(2)} (${during.length} writes)`;
    if (final.status !== 'completed') throw new Error('rotation did not complete');

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
          value: encMedian / plainMedian,
          aim: '<= 1.5',
        },
      ],
      figures,
      notes: [
        'Lookups pick random customers, so most per-customer keys are not in the in-memory cache: each candidate costs a key read and two AES-GCM decryptions.',
        'Writes during rotation share one SQLite connection with the rotation batches (single process), as in a one-machine shop.',
      ],
    };
  } finally {
    await bench.close();
  }
}
