/**
 * Issue 24, item 3, on both engines with the real services: contact blind indexes follow the real
 * number of customers and the erasures. A small shop starts with 0-bit indexes (one bucket per
 * class); growing past the planned size starts a new index generation that the re-indexer fills
 * page by page, with progress, resuming after a stop, while lookups keep finding everyone; making
 * it current destroys the old generation. An erasure starts a generation too, and the erased
 * person's values are gone from it.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadEnvKeyProvider } from '../../src/crypto/env.key-provider.js';
import { generationOfIndex } from '../../src/modules/keys/blind-lookup.js';
import type { ErasureEpochStore } from '../../src/modules/keys/erasure-epochs.js';
import { IndexRekeyer, staleIndexRows } from '../../src/modules/keys/index-rekey.js';
import { describeEachEngine } from '../support/engines.js';
import { createPrivacyShop, type PrivacyShop } from '../privacy/support/privacy-fixture.js';

describeEachEngine('contact index generations', (getDb) => {
  let work: string;
  let shop: PrivacyShop;
  let store: ErasureEpochStore;
  const phoneOf = (i: number) => `+9197${String(31_000_000 + i * 7919).padStart(8, '0')}`;

  beforeAll(async () => {
    const { location } = getDb();
    work = mkdtempSync(join(tmpdir(), 'tijori-index-gen-'));
    const dataDir = location.sqlitePath === undefined ? join(work, 'data') : dirname(location.sqlitePath);
    const settings = { dataDir, ...(location.url === undefined ? {} : { databaseUrl: location.url }) };
    shop = await createPrivacyShop(getDb(), settings, loadEnvKeyProvider(randomBytes(32).toString('base64')));
    const epochs = shop.t.services.fieldCipher.epochs;
    if (epochs === undefined) throw new Error('the services have no key folder');
    store = epochs;
  });
  afterAll(async () => {
    await shop.close();
    rmSync(work, { recursive: true, force: true });
  });

  const customers = () => shop.t.services.billing.customers;
  const tenant = () => shop.tenant.tenantId;
  const found = async (request: { phone: string } | { phoneLast4: string } | { email: string }) =>
    (await customers().findMatches(tenant(), request)).map((m) => m.row.id).sort();
  const rowOf = (id: string) =>
    getDb()
      .db.selectFrom('customers')
      .select(['phone_idx', 'phone_last4_idx', 'email_idx'])
      .where('tenant_id', '=', tenant())
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  it('grows with the shop: re-indexed page by page with progress, resumable, lookups keep working', async () => {
    const first = await shop.customer({ name: 'Fake Anil', phone: phoneOf(0), email: 'anil@example.in' });
    const firstRow = await rowOf(first);
    const start = generationOfIndex(firstRow.phone_idx ?? '') ?? -1;
    // A small shop: one bucket per class (0 bits), written under the tenant's first generation.
    expect(firstRow.phone_idx).toBe(`${String(start)}.0.`);
    expect(firstRow.email_idx).toBe(`${String(start)}.0.`);

    const ids = [first];
    for (let i = 1; i <= 170; i += 1)
      ids.push(await shop.customer({ name: `Fake Buyer ${String(i)}`, phone: phoneOf(i) }));
    const rekeyer = new IndexRekeyer(getDb().db, shop.t.services.fieldCipher, store, 50);

    // Stopped after the first page: what was done stays done.
    const stop = new Error('stopped');
    await expect(
      rekeyer.run(() => {
        throw stop;
      }),
    ).rejects.toBe(stop);
    const during = store.indexGenerations(tenant());
    expect(during.next?.widths.p.phone).toBe(1);
    const next = during.next?.generation ?? -1;
    const stale = await staleIndexRows(getDb().db, tenant(), next);
    expect(stale).toBeGreaterThan(0);
    expect(stale).toBeLessThan(ids.length);
    // Mid-way, both old and new values are found, and nobody else.
    expect(await found({ phone: phoneOf(0) })).toEqual([first]);
    expect(await found({ phone: phoneOf(169) })).toEqual([ids[169]]);
    expect(await found({ email: 'ANIL@example.in' })).toEqual([first]);

    const progress: number[] = [];
    const result = await rekeyer.run((_tenant, done) => progress.push(done));
    expect(result.promoted).toBe(1);
    expect(result.reindexed).toBe(stale);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(await staleIndexRows(getDb().db, tenant(), next)).toBe(0);
    expect(store.indexGenerations(tenant()).current?.generation).toBe(next);
    expect(store.indexGenerationDestroyed(tenant(), start)).toBe(true);
    await expect(store.indexSecret(tenant(), start)).rejects.toMatchObject({ code: 'key_unavailable' });
    const grown = await rowOf(ids[150] ?? '');
    expect(grown.phone_idx).toMatch(new RegExp(`^${String(next)}\\.1\\.[01]$`));
    for (const i of [0, 1, 137, 170]) expect(await found({ phone: phoneOf(i) })).toEqual([ids[i]]);
    expect((await found({ phoneLast4: phoneOf(137).slice(-4) })).includes(ids[137] ?? '')).toBe(true);
    // Nothing left to do: a second run starts nothing and changes nothing.
    expect(await rekeyer.run()).toEqual({ started: 0, reindexed: 0, promoted: 0 });
  }, 240_000);

  it('an erasure starts a new generation; the erased person has no values in it', async () => {
    const gone = await shop.customer({ name: 'Fake Gone', phone: '+919812000451', email: 'gone@example.in' });
    const kept = await shop.customer({ name: 'Fake Kept', phone: '+919812000452' });
    const before = store.indexGenerations(tenant()).current?.generation ?? -1;
    await shop.t.services.privacy.erasure.erase(shop.operator, { customerId: gone, reason: 'dsr_erasure' });
    const result = await shop.t.services.erasureEpochs.run();
    expect(result.reindexed).toBeGreaterThan(0);
    const after = store.indexGenerations(tenant());
    expect(after.next).toBeUndefined();
    expect(after.current?.generation).toBeGreaterThan(before);
    expect(store.indexGenerationDestroyed(tenant(), before)).toBe(true);
    expect(await rowOf(gone)).toEqual({ phone_idx: null, phone_last4_idx: null, email_idx: null });
    expect(generationOfIndex((await rowOf(kept)).phone_idx ?? '')).toBe(after.current?.generation);
    expect(await found({ phone: '+919812000452' })).toEqual([kept]);
    expect(await found({ phone: '+919812000451' })).toEqual([]);
  }, 240_000);
});
