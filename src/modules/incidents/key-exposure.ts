/**
 * Whose personal data a data key protects, for an incident about a key: a version of the tenant's
 * customer key wraps per-customer keys (every field of those customers), a customer's own key
 * (`s_<id>`) that customer, the documents key the buyer details printed on invoices, the
 * payment-reference key the references of their payments, and a blind-index key the searchable
 * fingerprints of one field. Staff and sign-in keys protect no customer data.
 */
import type { Kysely } from 'kysely';
import { envelopePrefix } from '../../crypto/envelope.js';
import type { Database } from '../../db/schema.js';
import { invalid } from '../../domain/app-error.js';

export type Exposure = Map<string, Set<string>>;

const customerColumns = [
  ['name_enc', 'name'],
  ['phone_enc', 'phone'],
  ['email_enc', 'email'],
  ['address_enc', 'address'],
  ['gstin_enc', 'gstin'],
] as const;

const blindIndexes: Readonly<
  Record<string, { column: 'phone_idx' | 'phone_last4_idx' | 'email_idx' | 'gstin_idx'; category: string }>
> = {
  bidx_phone: { column: 'phone_idx', category: 'phone' },
  bidx_phone_last4: { column: 'phone_last4_idx', category: 'phone' },
  bidx_email: { column: 'email_idx', category: 'email' },
  bidx_gstin: { column: 'gstin_idx', category: 'gstin' },
};

const SUBJECT_KEY = /^s_([0-9a-f-]{36})$/;

function add(out: Exposure, customerId: string, category: string): void {
  const set = out.get(customerId) ?? new Set<string>();
  set.add(category);
  out.set(customerId, set);
}

/** The fields each of these customers has (what their key protects). */
async function customerFields(db: Kysely<Database>, tenantId: string, ids: readonly string[], out: Exposure) {
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('customers')
      .select(['id', ...customerColumns.map(([c]) => c)])
      .where('tenant_id', '=', tenantId)
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const row of rows)
      for (const [column, category] of customerColumns) if (row[column] !== null) add(out, row.id, category);
  }
}

/** Customers whose data is under `keyId` (and `version`, when given), with the categories. */
export async function customersUnderKey(
  db: Kysely<Database>,
  tenantId: string,
  keyId: string,
  version: number | undefined,
): Promise<{ exposure: Exposure; examined: number }> {
  const out: Exposure = new Map();
  const prefix = envelopePrefix(keyId, version);
  const like = `${prefix}%`;
  const subject = SUBJECT_KEY.exec(keyId);
  if (subject?.[1] !== undefined) {
    await customerFields(db, tenantId, [subject[1]], out);
    if (out.size === 0) throw invalid('suspect.id', 'no customer has this key');
    return { exposure: out, examined: out.size };
  }
  const index = blindIndexes[keyId];
  if (index !== undefined) {
    const rows = await db
      .selectFrom('customers')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where(index.column, 'is not', null)
      .execute();
    for (const r of rows) add(out, r.id, index.category);
    return { exposure: out, examined: rows.length };
  }
  await requireKey(db, tenantId, keyId, version);
  if (keyId === 'customer_pii') {
    const rows = await db
      .selectFrom('subject_keys')
      .select('subject_id')
      .where('tenant_id', '=', tenantId)
      .where('wrapped', 'like', like)
      .execute();
    await customerFields(
      db,
      tenantId,
      rows.map((r) => r.subject_id),
      out,
    );
    return { exposure: out, examined: rows.length };
  }
  if (keyId === 'documents') {
    const rows = await db
      .selectFrom('sales_documents')
      .select(['customer_id', 'buyer_name_enc', 'buyer_gstin_enc', 'buyer_address_enc'])
      .where('tenant_id', '=', tenantId)
      .where('customer_id', 'is not', null)
      .where((eb) =>
        eb.or([
          eb('buyer_name_enc', 'like', like),
          eb('buyer_gstin_enc', 'like', like),
          eb('buyer_address_enc', 'like', like),
        ]),
      )
      .execute();
    for (const r of rows) {
      const id = r.customer_id ?? '';
      if (r.buyer_name_enc?.startsWith(prefix) === true) add(out, id, 'name');
      if (r.buyer_gstin_enc?.startsWith(prefix) === true) add(out, id, 'gstin');
      if (r.buyer_address_enc?.startsWith(prefix) === true) add(out, id, 'address');
    }
    return { exposure: out, examined: rows.length };
  }
  if (keyId === 'payment_ref') {
    const rows = await db
      .selectFrom('sales_payments as p')
      .innerJoin('sales_documents as d', (j) =>
        j.onRef('d.tenant_id', '=', 'p.tenant_id').onRef('d.id', '=', 'p.document_id'),
      )
      .select('d.customer_id')
      .where('p.tenant_id', '=', tenantId)
      .where('d.customer_id', 'is not', null)
      .where('p.reference_enc', 'like', like)
      .execute();
    for (const r of rows) add(out, r.customer_id ?? '', 'payment_ref');
    return { exposure: out, examined: rows.length };
  }
  // Staff, sign-in and other keys hold no customer's data.
  return { exposure: out, examined: 0 };
}

async function requireKey(
  db: Kysely<Database>,
  tenantId: string,
  keyId: string,
  version: number | undefined,
) {
  let q = db
    .selectFrom('data_keys')
    .select('version')
    .where('tenant_id', '=', tenantId)
    .where('key_id', '=', keyId);
  if (version !== undefined) q = q.where('version', '=', version);
  if ((await q.executeTakeFirst()) === undefined)
    throw invalid('suspect.id', 'this business has no such key (version)');
}
