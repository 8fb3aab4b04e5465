/**
 * Erasures survive a database copied back by hand (an older file restored outside `tijori
 * restore`): the server applies the erasure journal again before it serves, so the person erased
 * stays unreadable. A rolled-back erasure never reaches the journal.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { withRuntime } from '../../src/cli/runtime.js';
import { buildConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/logging/logger.js';
import { startServer } from '../../src/main.js';
import { systemActor } from '../../src/kernel/audit.js';
import { declareEncryptedColumn } from '../../src/modules/keys/encrypted-columns.js';
import { erasureJournalPath } from '../../src/modules/keys/key-files.js';
import { freePort } from '../support/net.js';

declareEncryptedColumn({
  table: 'journal_people',
  column: 'phone',
  purpose: 'customer_pii',
  rowIdColumn: 'id',
  subjectColumn: 'id',
});

const root = mkdtempSync(join(tmpdir(), 'tijori-journal-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('erasure journal [sqlite]', () => {
  it('a database copied back from before an erasure has the erasure applied again before serving', async () => {
    const dataDir = join(root, 'shop');
    const config = buildConfig({ dataDir, port: await freePort(), host: '127.0.0.1', httpOnly: true });
    const ctx = { tenantId: 't1', actor: systemActor('privacy') };
    const ref = (id: string) => ({
      tenantId: 't1',
      table: 'journal_people',
      column: 'phone',
      rowId: id,
      subjectId: id,
    });
    const envelopes = await withRuntime(config, async ({ services, database }) => {
      await sql`create table journal_people (tenant_id text not null, id text not null, phone text not null,
        primary key (tenant_id, id))`.execute(database.db);
      const out: Record<string, string> = {};
      for (const [id, phone] of [
        ['p1', '+919845011111'],
        ['p2', '+919845022222'],
      ] as const) {
        out[id] = await services.fieldCipher.encrypt('customer_pii', ref(id), phone);
        await database.db
          .insertInto('journal_people' as never)
          .values({ tenant_id: 't1', id, phone: out[id] })
          .execute();
      }
      await sql`pragma wal_checkpoint(truncate)`.execute(database.db);
      copyFileSync(join(dataDir, 'tijori.db'), join(root, 'before-erasure.db'));
      await services.erasure.erase(ctx, { subjectId: 'p1', reason: 'dsr_erasure' });
      // A rolled-back erasure must not be journaled.
      await expect(
        database.db.transaction().execute(async (trx) => {
          await services.erasure.eraseWithin(trx, ctx, { subjectId: 'p2', reason: 'dsr_erasure' });
          throw new Error('the privacy request failed later');
        }),
      ).rejects.toThrow(/failed later/);
      return out;
    });
    const journal = readFileSync(erasureJournalPath(config), 'utf8');
    expect(journal).toContain('"subjectId":"p1"');
    expect(journal).not.toContain('p2');
    expect(journal).not.toContain('+91');

    // The operator puts the old database file back by hand.
    for (const suffix of ['-wal', '-shm']) rmSync(join(dataDir, `tijori.db${suffix}`), { force: true });
    copyFileSync(join(root, 'before-erasure.db'), join(dataDir, 'tijori.db'));
    expect(existsSync(join(dataDir, 'tijori.db'))).toBe(true);

    let output = '';
    const out = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        output += chunk.toString('utf8');
        callback();
      },
    });
    const server = await startServer(config, out, createLogger({ level: 'silent' }));
    try {
      expect(output).toMatch(/Applied 1 erasure\(s\) from the erasure journal again before serving/);
      const p2Phone = await withRuntime(config, async ({ services: s }) => {
        await expect(s.fieldCipher.decrypt(ref('p1'), envelopes.p1 ?? '')).rejects.toMatchObject({
          code: 'decryption_failed',
          details: { reason: 'erased' },
        });
        return s.fieldCipher.decrypt(ref('p2'), envelopes.p2 ?? '');
      });
      expect(p2Phone).toBe('+919845022222');
    } finally {
      await server.stop();
    }
  });
});
