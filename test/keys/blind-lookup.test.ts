/**
 * Lookups by blind index on both engines, the way a customer repository does them: one query
 * returns the candidates with their wrapped subject keys, the field cipher decrypts them and keeps
 * exact matches only. A truncated index returns strangers too; none of them may come back.
 */
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { declareEncryptedColumn } from '../../src/modules/keys/encrypted-columns.js';
import { eraseSubject } from '../../src/modules/keys/erasure.service.js';
import type { SearchTerm } from '../../src/modules/keys/field-cipher.service.js';
import { describeEachEngine } from '../support/engines.js';
import { createTestKeys, type TestKeys } from '../support/keys.js';

declareEncryptedColumn({
  table: 'test_shoppers',
  column: 'phone',
  purpose: 'customer_pii',
  rowIdColumn: 'id',
  subjectColumn: 'id',
});

interface CandidateRow {
  id: string;
  phone: string;
  subject_key: string | null;
}

const COUNT = 120;
const phoneOf = (i: number) => `+9198450${String(10_000 + i).slice(-5)}`;

describeEachEngine('blind-index lookups', (getDb) => {
  let keys: TestKeys;

  beforeAll(async () => {
    const { db } = getDb();
    await sql`create table test_shoppers (tenant_id text not null, id text not null, phone text not null,
      phone_idx text not null, phone_last4_idx text not null, primary key (tenant_id, id))`.execute(db);
    await sql`create index test_shoppers_phone on test_shoppers (tenant_id, phone_idx)`.execute(db);
    // 4-bit indexes over 120 people: about 8 strangers share each index value.
    keys = createTestKeys(db, { index: { expectedRows: 16, bits: 4 } });
    for (let i = 0; i < COUNT; i += 1) {
      const id = `s${String(i).padStart(3, '0')}`;
      // Two people share the last four digits 0007: s007 and s107.
      await addShopper(id, i === 107 ? '+919845020007' : phoneOf(i));
    }
  });

  /** Stores a shopper's phone as given (encrypted, with both indexes). */
  async function addShopper(id: string, phone: string) {
    const ref = { tenantId: 't1', table: 'test_shoppers', column: 'phone', rowId: id, subjectId: id };
    await getDb()
      .db.insertInto('test_shoppers' as never)
      .values({
        tenant_id: 't1',
        id,
        phone: await keys.cipher.encrypt('customer_pii', ref, phone),
        phone_idx: await keys.cipher.index('t1', 'phone', phone),
        phone_last4_idx: await keys.cipher.index('t1', 'phone_last4', phone),
      })
      .execute();
  }

  /** The repository's one query: candidates with their subject keys. */
  async function candidates(term: SearchTerm, column: 'phone_idx' | 'phone_last4_idx') {
    const { rows } = await sql<CandidateRow>`
      select c.id, c.phone, sk.wrapped as subject_key from test_shoppers c
      left join subject_keys sk on sk.tenant_id = c.tenant_id and sk.subject_id = c.id
      where c.tenant_id = ${term.tenantId} and ${sql.ref(`c.${column}`)} = ${term.index}`.execute(getDb().db);
    return rows.map((r) => ({
      id: r.id,
      ref: { tenantId: 't1', table: 'test_shoppers', column: 'phone', rowId: r.id, subjectId: r.id },
      envelope: r.phone,
      wrappedSubjectKey: r.subject_key,
    }));
  }

  it('finds exactly the person, typed another way, among the strangers sharing the index', async () => {
    const term = await keys.cipher.searchTerm('t1', 'phone', '98450 10042');
    expect(term.normalized).toBe('+919845010042');
    const found = await candidates(term, 'phone_idx');
    expect(found.length).toBeGreaterThan(2);
    const exact = await keys.cipher.keepExactMatches(term, found);
    expect(exact.map((m) => m.candidate.id)).toEqual(['s042']);
    expect(exact[0]?.plaintext).toBe('+919845010042');
    const nobody = await keys.cipher.searchTerm('t1', 'phone', '+919845099999');
    expect(await keys.cipher.keepExactMatches(nobody, await candidates(nobody, 'phone_idx'))).toEqual([]);
  });

  it('a last-4 lookup at the counter returns everyone with those digits and no one else', async () => {
    const term = await keys.cipher.searchTerm('t1', 'phone_last4', '0007');
    const found = await candidates(term, 'phone_last4_idx');
    const exact = await keys.cipher.keepExactMatches(term, found);
    expect(exact.map((m) => m.candidate.id).sort()).toEqual(['s007', 's107']);
    expect(found.length).toBeGreaterThanOrEqual(exact.length);
  });

  it('an erased person is never a match, and the lookup still answers', async () => {
    const { db } = getDb();
    await db
      .transaction()
      .execute((trx) =>
        eraseSubject(trx, keys.clock, { tenantId: 't1', subjectId: 's055', reason: 'dsr_erasure' }),
      );
    keys.cipher.forgetSubject('t1', 's055');
    const term = await keys.cipher.searchTerm('t1', 'phone', phoneOf(55));
    const found = await candidates(term, 'phone_idx');
    expect(found.find((c) => c.id === 's055')?.wrappedSubjectKey).toBeNull();
    expect(await keys.cipher.keepExactMatches(term, found)).toEqual([]);
  });

  it('a person erased by another instance is no match here, though this one still has their key cached', async () => {
    const { db } = getDb();
    const term = await keys.cipher.searchTerm('t1', 'phone', phoneOf(60));
    const before = await keys.cipher.keepExactMatches(term, await candidates(term, 'phone_idx'));
    expect(before.map((m) => m.candidate.id)).toEqual(['s060']);
    // Erased elsewhere: this instance is not told (no forgetSubject), its cached key is still fresh.
    await db
      .transaction()
      .execute((trx) =>
        eraseSubject(trx, keys.clock, { tenantId: 't1', subjectId: 's060', reason: 'dsr_erasure' }),
      );
    const found = await candidates(term, 'phone_idx');
    const erased = found.find((c) => c.id === 's060');
    expect(erased?.wrappedSubjectKey).toBeNull();
    expect(await keys.cipher.keepExactMatches(term, found)).toEqual([]);
    await expect(
      keys.cipher.decryptWithSubjectKey(erased!.ref, erased!.envelope, null),
    ).rejects.toMatchObject({ code: 'decryption_failed', details: { reason: 'erased' } });
    await expect(keys.cipher.decrypt(erased!.ref, erased!.envelope)).rejects.toMatchObject({
      details: { reason: 'erased' },
    });
  });

  it('a phone stored as typed (not in E.164) is normalised before comparing', async () => {
    const id = 's900';
    await addShopper(id, '098450 30900');
    const term = await keys.cipher.searchTerm('t1', 'phone', '+919845030900');
    const found = await candidates(term, 'phone_idx');
    expect(found.length).toBeGreaterThan(2);
    const exact = await keys.cipher.keepExactMatches(term, found);
    expect(exact.map((m) => [m.candidate.id, m.plaintext])).toEqual([[id, '098450 30900']]);
  });

  it("another person's subject key does not open a value, with the specific error", async () => {
    const term = await keys.cipher.searchTerm('t1', 'phone', phoneOf(42));
    const [target] = (await candidates(term, 'phone_idx')).filter((c) => c.id === 's042');
    // The 4-bit index can put s042 among phone 43's candidates too: take s043 itself.
    const [other] = (
      await candidates(await keys.cipher.searchTerm('t1', 'phone', phoneOf(43)), 'phone_idx')
    ).filter((c) => c.id === 's043');
    const fresh = createTestKeys(getDb().db, {
      provider: keys.provider,
      index: { expectedRows: 16, bits: 4 },
    });
    await expect(
      fresh.cipher.decryptWithSubjectKey(target!.ref, target!.envelope, other!.wrappedSubjectKey),
    ).rejects.toMatchObject({ code: 'decryption_failed' });
    expect(
      await fresh.cipher.decryptWithSubjectKey(target!.ref, target!.envelope, target!.wrappedSubjectKey),
    ).toBe(phoneOf(42));
  });

  it('keeps the index length recorded on the tenant key when the setting changes', async () => {
    const changed = createTestKeys(getDb().db, {
      provider: keys.provider,
      index: { expectedRows: 1_000_000 },
    });
    // Tenant t1's key was made with 4 bits: its indexes still match what is stored.
    expect(await changed.cipher.index('t1', 'phone', phoneOf(42))).toBe(
      await keys.cipher.index('t1', 'phone', phoneOf(42)),
    );
    // A tenant created after the change gets the new length (18 bits for a million rows).
    expect(await changed.cipher.index('t2', 'phone', phoneOf(42))).toMatch(/^[0-9a-f]{5}$/);
    const { rows } = await sql<{ tenant_id: string; algorithm: string }>`
      select tenant_id, algorithm from data_keys where key_id = 'bidx_phone' order by tenant_id`.execute(
      getDb().db,
    );
    expect(rows).toEqual([
      { tenant_id: 't1', algorithm: 'HMAC-SHA256/4' },
      { tenant_id: 't2', algorithm: 'HMAC-SHA256/18' },
    ]);
  });
});
