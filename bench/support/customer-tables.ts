/**
 * The product's own customers table (encrypted personal fields under per-customer keys, blind
 * indexes for phone, last-4 and email) filled with a population, a plaintext twin with the same
 * data in clear and an ordinary index, and a payments table for rotation. Rows are generated in
 * the product's exact formats without a database round trip per value, then spot-checked through
 * the product's own services. Also the two lookups compared: the product's customer lookup
 * (CustomerService.findMatches) and the plaintext baseline.
 */
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { blindIndex } from '../../src/crypto/blind-index.js';
import { encryptField } from '../../src/crypto/envelope.js';
import { openSqlite } from '../../src/db/database.js';
import type { Database } from '../../src/db/schema.js';
import { systemClock } from '../../src/domain/clock.js';
import { AuditTrail } from '../../src/modules/audit/audit.recorder.js';
import { maskName, maskPhone } from '../../src/modules/auth/masking.js';
import { openPii } from '../../src/modules/customers/customer-crypto.js';
import { CustomerService } from '../../src/modules/customers/customer.service.js';
import { normalizeFor } from '../../src/modules/keys/blind-lookup.js';
import { declareEncryptedColumn } from '../../src/modules/keys/encrypted-columns.js';
import type { FieldCipherService } from '../../src/modules/keys/field-cipher.service.js';
import type { KeyRing } from '../../src/modules/keys/key-ring.service.js';

declareEncryptedColumn({ table: 'bench_payments', column: 'ref', purpose: 'payment_ref', rowIdColumn: 'id' });

export const TENANT = 't1';

const columns = `tenant_id text not null, id text not null, kind text not null, state_code text,
  credit_limit integer not null, balance integer not null, created_at text not null`;

/** Creates the plaintext twin and the payments table (`customers` comes from the migrations). */
export async function createCustomerTables(db: Kysely<Database>): Promise<void> {
  await sql
    .raw(
      `create table plain_customers (${columns}, name text not null, phone text not null, email text,
      address text, primary key (tenant_id, id))`,
    )
    .execute(db);
  await sql
    .raw(
      `create table bench_payments (tenant_id text not null, id text not null, ref text not null,
      primary key (tenant_id, id))`,
    )
    .execute(db);
}

export const customerId = (i: number) => `c${String(i).padStart(7, '0')}`;
/** Stored phones are E.164; the counter types them as `98xxx xxxxx`. */
export const storedPhone = (i: number) => `+9197${String(10_000_000 + i).slice(-8)}`;
export const typedPhone = (i: number) => {
  const digits = storedPhone(i).slice(3);
  return `${digits.slice(0, 5)} ${digits.slice(5)}`;
};

/** Fills the tables with `n` customers and `n` payments, as the product would have written them. */
export async function populateCustomers(
  db: Kysely<Database>,
  sqlitePath: string,
  ring: KeyRing,
  cipher: FieldCipherService,
  n: number,
): Promise<void> {
  // The tenant keys, created through the product so their records (and index length) are real.
  await cipher.searchTerm(TENANT, 'phone', typedPhone(0));
  await cipher.searchTerm(TENANT, 'phone_last4', typedPhone(0));
  await cipher.searchTerm(TENANT, 'email', 'first@example.in');
  const tenantKey = await ring.activeKey(TENANT, 'customer_pii', 'customer_pii');
  const refKey = await ring.activeKey(TENANT, 'payment_ref', 'payment_ref');
  const indexKey = async (kind: string) => {
    const key = await ring.activeKey(TENANT, `bidx_${kind}`, 'blind_index', 'blind_index');
    return { key: key.key, bits: Number(key.algorithm?.split('/')[1]) };
  };
  const phoneIdx = await indexKey('phone');
  const last4Idx = await indexKey('phone_last4');
  const emailIdx = await indexKey('email');

  const raw = openSqlite(sqlitePath);
  // The migrations' indexes on customers, dropped for the bulk load and made again after it.
  const customerIndexes = raw
    .prepare(
      "select name, sql from sqlite_master where type = 'index' and tbl_name = 'customers' and sql is not null",
    )
    .all() as { name: string; sql: string }[];
  for (const index of customerIndexes) raw.exec(`drop index ${index.name}`);
  const insertEnc = raw.prepare(
    `insert into customers (tenant_id, id, kind, state_code, credit_limit, balance, created_at,
      updated_at, name_enc, phone_enc, email_enc, address_enc, phone_idx, phone_last4_idx, email_idx)
      values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
  );
  const insertPlain = raw.prepare('insert into plain_customers values (?,?,?,?,?,?,?,?,?,?,?)');
  const insertKey = raw.prepare('insert into subject_keys values (?, ?, ?, ?, null)');
  const insertPayment = raw.prepare('insert into bench_payments values (?, ?, ?)');
  const now = new Date().toISOString();
  const chunk = 10_000;
  for (let base = 0; base < n; base += chunk) {
    raw.transaction(() => {
      for (let i = base; i < Math.min(n, base + chunk); i += 1) {
        const id = customerId(i);
        const name = `Customer Number ${i}`;
        const phone = storedPhone(i);
        const email = `customer${i}@example.in`;
        const address = `${i} MG Road, Bengaluru 5600${String(i % 100).padStart(2, '0')}`;
        const state = i % 3 === 0 ? '29' : '33';
        const subjectKey = randomBytes(32);
        const at = (column: string, table = 'customers') => ({
          tenantId: TENANT,
          table,
          column,
          rowId: id,
        });
        const subject = { keyId: `s_${id}`, version: 1 };
        insertKey.run(
          TENANT,
          id,
          encryptField(
            tenantKey.key,
            tenantKey,
            at('wrapped', 'subject_keys'),
            subjectKey.toString('base64'),
          ),
          now,
        );
        // The card columns, the same in both tables: tenant, id, kind, state, credit limit, balance.
        const cardValues = [
          TENANT,
          id,
          'individual',
          state,
          500_000,
          i % 7 === 0 ? 125_050 : 0,
          now,
        ] as const;
        insertEnc.run(
          ...cardValues,
          now,
          encryptField(subjectKey, subject, at('name_enc'), name),
          encryptField(subjectKey, subject, at('phone_enc'), phone),
          encryptField(subjectKey, subject, at('email_enc'), email),
          encryptField(subjectKey, subject, at('address_enc'), address),
          blindIndex(phoneIdx.key, 'phone', phone, phoneIdx.bits),
          blindIndex(last4Idx.key, 'phone_last4', phone.slice(-4), last4Idx.bits),
          blindIndex(emailIdx.key, 'email', email, emailIdx.bits),
        );
        insertPlain.run(...cardValues, name, phone, email, address);
        insertPayment.run(
          TENANT,
          id,
          encryptField(refKey.key, refKey, at('ref', 'bench_payments'), `UPI-${id}`),
        );
      }
    })();
  }
  for (const index of customerIndexes) raw.exec(index.sql);
  raw.exec('create index plain_customers_phone on plain_customers (tenant_id, phone)');
  raw.exec('analyze');
  raw.close();
  await checkFormats(db, cipher);
}

/** The generated rows must be exactly what the product reads: one lookup through it must work. */
async function checkFormats(db: Kysely<Database>, cipher: FieldCipherService): Promise<void> {
  const found = await lookupEncrypted(db, cipher, typedPhone(0));
  const plain = await lookupPlain(db, typedPhone(0));
  if (found.length !== 1 || JSON.stringify(found) !== JSON.stringify(plain))
    throw new Error('the generated rows do not match the product formats');
}

/** What the counter shows for a customer found by phone: masked personal fields, account figures. */
export interface CustomerCard {
  id: string;
  kind: string;
  name: string;
  phone: string;
  stateCode: string | null;
  creditLimit: number;
  balance: number;
}

const cardColumns = ['c.id', 'c.kind', 'c.state_code', 'c.credit_limit', 'c.balance'] as const;

/**
 * The product path: the customer service's lookup by phone (one query returns the candidates with
 * their wrapped customer keys, the field cipher keeps the exact matches), then the name decrypted
 * for the card and personal fields masked.
 */
export async function lookupEncrypted(
  db: Kysely<Database>,
  cipher: FieldCipherService,
  typed: string,
): Promise<CustomerCard[]> {
  const customers = new CustomerService({
    db,
    clock: systemClock,
    audit: new AuditTrail(systemClock),
    cipher,
  });
  const matches = await customers.findMatches(TENANT, { phone: typed });
  const cards: CustomerCard[] = [];
  for (const { row, pii } of matches) {
    const { name } = await openPii(cipher, row, ['name']);
    cards.push(card(row, maskName(name ?? ''), maskPhone(pii.phone ?? '')));
  }
  return cards;
}

/** The baseline: the same card from a plaintext table with an ordinary index on the phone. */
export async function lookupPlain(db: Kysely<Database>, typed: string): Promise<CustomerCard[]> {
  const phone = normalizeFor('phone', typed);
  const rows = await (db as unknown as Kysely<BenchTables>)
    .selectFrom('plain_customers as c')
    .select([...cardColumns, 'c.name', 'c.phone'])
    .where('c.tenant_id', '=', TENANT)
    .where('c.phone', '=', phone)
    .execute();
  return rows.map((row) => card(row, maskName(row.name), maskPhone(row.phone)));
}

function card(
  row: Pick<CardRow, 'id' | 'kind' | 'state_code' | 'credit_limit' | 'balance'>,
  name: string,
  phone: string,
): CustomerCard {
  return {
    id: row.id,
    kind: row.kind,
    name,
    phone,
    stateCode: row.state_code,
    creditLimit: row.credit_limit,
    balance: row.balance,
  };
}

interface CardRow {
  tenant_id: string;
  id: string;
  kind: string;
  state_code: string | null;
  credit_limit: number;
  balance: number;
  created_at: string;
}

interface BenchTables {
  plain_customers: CardRow & { name: string; phone: string; email: string | null; address: string | null };
}
