/**
 * What an attacker with write access to the database (triggers taken off) cannot do unnoticed:
 * change one byte of any field of an entry, delete, insert or reorder entries, cut off the tail,
 * or recompute the whole chain without the signing key. Each kind is applied to its own chain, then
 * `tijori audit verify` (the real command) must fail and name the first bad entry of each chain.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { withRuntime } from '../../src/cli/runtime.js';
import { buildConfig } from '../../src/config/config.js';
import { openDatabase, sqlitePathFor, type DatabaseHandle } from '../../src/db/database.js';
import type { Database } from '../../src/db/schema.js';
import { chainHash, contentHash, type ChainedEntry } from '../../src/modules/audit/audit-hash.js';
import { signCheckpoint } from '../../src/modules/audit/checkpoint-note.js';
import { createSigner, generateSigningKeyPair } from '../../src/crypto/signing.js';
import { asAttacker, fillChain } from '../support/audit.js';
import { runTijori } from '../support/cli.js';
import { describeEachEngine } from '../support/engines.js';
import { createTenant } from '../support/factories.js';

/** The fields of the canonical encoding, plus the stored hash. */
const fields = [
  'occurred_at',
  'actor_type',
  'actor_id',
  'session_id',
  'action',
  'object_type',
  'object_id',
  'outcome',
  'request_id',
  'source',
  'retention',
  'details',
  'hash',
] as const;

/** One character changed (the last one bumped to a neighbour). */
const flip = (text: string): string =>
  text.slice(0, -1) + String.fromCharCode(text.charCodeAt(text.length - 1) ^ 1);

async function entries(
  db: Kysely<Database>,
  tenantId: string,
): Promise<Array<ChainedEntry & { hash: string }>> {
  const rows = await db
    .selectFrom('audit_entries')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
}

/** What the attacker can do: recompute every hash from `from` on and move the head. */
async function recompute(db: Kysely<Database>, tenantId: string, from: number): Promise<void> {
  const all = await entries(db, tenantId);
  let prev = Buffer.from(all.find((e) => e.seq === from - 1)?.hash ?? '', 'hex');
  for (const e of all.filter((x) => x.seq >= from)) {
    const hash = chainHash(prev, contentHash(e)).toString('hex');
    await db
      .updateTable('audit_entries')
      .set({ hash })
      .where('tenant_id', '=', tenantId)
      .where('seq', '=', e.seq)
      .execute();
    prev = Buffer.from(hash, 'hex');
  }
  await db
    .updateTable('audit_heads')
    .set({ hash: prev.toString('hex') })
    .where('tenant_id', '=', tenantId)
    .execute();
}

describeEachEngine('tampering is detected by tijori audit verify', (getDb, engine) => {
  const root = mkdtempSync(join(tmpdir(), 'tijori-tamper-'));
  const dataDir = join(root, 'data');
  let env: Record<string, string>;
  let handle: DatabaseHandle;
  const chains = new Map<string, string>();
  let externalFile = '';

  /** A chain of 12 entries with a stored signed checkpoint at entry 7 (the run's own record). */
  async function chain(name: string): Promise<string> {
    const { tenantId } = await createTenant(handle.db);
    chains.set(name, tenantId);
    return tenantId;
  }

  beforeAll(async () => {
    env = engine === 'postgres' ? { TIJORI_DATABASE_URL: getDb().location.url ?? '' } : {};
    expect((await runTijori(['init', '--data-dir', dataDir, '--non-interactive'], env)).code).toBe(0);
    handle = engine === 'postgres' ? getDb() : openDatabase({ sqlitePath: sqlitePathFor(dataDir) });
    const names = [
      ...fields.map((f) => `field:${f}`),
      'field:seq',
      'delete-middle',
      'delete-first',
      'insert',
      'insert-recomputed',
      'reorder',
      'truncate',
      'truncate-and-rewind',
      'rebuilt',
      'rebuilt-no-checkpoints',
      'forged-checkpoint',
      'untouched',
    ];
    const ids: string[] = [];
    for (const name of names) ids.push(await chain(name));
    const notes: string[] = [];
    await withRuntime(
      buildConfig({ dataDir, ...(env.TIJORI_DATABASE_URL ? { databaseUrl: env.TIJORI_DATABASE_URL } : {}) }),
      async ({ services, database }) => {
        for (const tenantId of ids) {
          await fillChain(database.db, services.audit.trail, tenantId, 6);
          await services.audit.checkpoints.createNow({
            tenantId,
            actor: { type: 'system', id: 'test' },
            source: 'test',
          });
          await fillChain(database.db, services.audit.trail, tenantId, 5);
        }
        // Copies kept off the machine, taken after entry 12, for two chains.
        for (const name of ['truncate-and-rewind', 'rebuilt-no-checkpoints']) {
          const tenantId = chains.get(name) ?? '';
          notes.push(
            (await services.audit.checkpoints.createNow({ tenantId, actor: { type: 'system', id: 'test' } }))
              .note,
          );
        }
      },
    );
    externalFile = join(root, 'kept-elsewhere.checkpoints');
    writeFileSync(externalFile, notes.join(''));
  }, 120_000);

  afterAll(async () => {
    if (engine === 'sqlite') await handle.close();
    rmSync(root, { recursive: true, force: true });
  });

  async function verifyOutput(extra: string[] = []): Promise<{ code: number; lines: Map<string, string> }> {
    const run = await runTijori(['audit', 'verify', '--data-dir', dataDir, ...extra], env);
    const lines = new Map<string, string>();
    for (const [name, tenantId] of chains) {
      const at = run.stdout.indexOf(`tenant ${tenantId}:`);
      lines.set(name, at === -1 ? '' : run.stdout.slice(at - 6, run.stdout.indexOf('\n', at)));
    }
    return { code: run.code, lines };
  }

  /** How many entries a chain holds now (each verify run records itself in the chain it checks). */
  async function entryCount(name: string): Promise<number> {
    return (await entries(handle.db, chains.get(name) ?? '')).length;
  }

  it('an untouched chain verifies (exit 0)', async () => {
    const n = await entryCount('untouched');
    expect(n).toBeGreaterThanOrEqual(12);
    const run = await runTijori(
      ['audit', 'verify', '--tenant', chains.get('untouched') ?? '', '--data-dir', dataDir],
      env,
    );
    expect(run.stdout).toMatch(
      new RegExp(`^ok {4}tenant .*: ${n} entries verified \\(entries 1 to ${n}\\), 1 stored and 0 external`),
    );
    expect(run.code).toBe(0);
  });

  it('names the first bad entry for every kind of tampering', async () => {
    const db = handle.db;
    const id = (name: string) => chains.get(name) ?? '';
    const entry = (name: string, seq: number) =>
      db.updateTable('audit_entries').where('tenant_id', '=', id(name)).where('seq', '=', seq);
    await asAttacker(db, engine, async () => {
      // One byte of each field, each on another entry (first, middle and last included).
      for (const [i, field] of fields.entries()) {
        const seq = [1, 4, 12][i % 3] ?? 1;
        const row = (await entries(db, id(`field:${field}`))).find((e) => e.seq === seq);
        await entry(`field:${field}`, seq)
          .set({ [field]: flip(String(row?.[field])) })
          .execute();
      }
      await entry('field:seq', 12).set({ seq: 14 }).execute();
      await db
        .deleteFrom('audit_entries')
        .where('tenant_id', '=', id('delete-middle'))
        .where('seq', '=', 5)
        .execute();
      await db
        .deleteFrom('audit_entries')
        .where('tenant_id', '=', id('delete-first'))
        .where('seq', '=', 1)
        .execute();
      for (const name of ['insert', 'insert-recomputed']) {
        // Entries 5.. move up one place and a forged entry 5 is chained correctly after entry 4.
        for (let seq = 12; seq >= 5; seq -= 1)
          await entry(name, seq)
            .set({ seq: seq + 1 })
            .execute();
        const four = (await entries(db, id(name))).find((e) => e.seq === 4);
        if (four === undefined) throw new Error('entry 4 is missing');
        const forged = { ...four, seq: 5, action: 'user.role.revoke', object_id: 'forged' };
        const hash = chainHash(Buffer.from(four.hash, 'hex'), contentHash(forged)).toString('hex');
        await db
          .insertInto('audit_entries')
          .values({ ...forged, retention: 'standard', hash })
          .execute();
        if (name === 'insert-recomputed') {
          await recompute(db, id(name), 6);
          await db.updateTable('audit_heads').set({ seq: 13 }).where('tenant_id', '=', id(name)).execute();
        }
      }
      // Two entries swap places (each keeps its content and hash).
      await entry('reorder', 3).set({ seq: 100 }).execute();
      await entry('reorder', 4).set({ seq: 3 }).execute();
      await entry('reorder', 100).set({ seq: 4 }).execute();
      await db
        .deleteFrom('audit_entries')
        .where('tenant_id', '=', id('truncate'))
        .where('seq', '>=', 10)
        .execute();
      // Cut the tail and set the head back: nothing in the database shows it any more.
      await db
        .deleteFrom('audit_entries')
        .where('tenant_id', '=', id('truncate-and-rewind'))
        .where('seq', '>=', 10)
        .execute();
      const nine = await db
        .selectFrom('audit_entries')
        .select('hash')
        .where('tenant_id', '=', id('truncate-and-rewind'))
        .where('seq', '=', 9)
        .executeTakeFirstOrThrow();
      await db
        .updateTable('audit_heads')
        .set({ seq: 9, hash: nine.hash })
        .where('tenant_id', '=', id('truncate-and-rewind'))
        .execute();
      await db
        .deleteFrom('audit_checkpoints')
        .where('tenant_id', '=', id('truncate-and-rewind'))
        .where('seq', '>', 9)
        .execute();
      // An edit with every later hash recomputed (no signing key: stored checkpoints still stand).
      for (const name of ['rebuilt', 'rebuilt-no-checkpoints', 'forged-checkpoint']) {
        await entry(name, 3).set({ details: '{"n":2,"reason":"edited","tags":["a","b"]}' }).execute();
        await recompute(db, id(name), 3);
      }
      await db
        .deleteFrom('audit_checkpoints')
        .where('tenant_id', '=', id('rebuilt-no-checkpoints'))
        .execute();
      // A checkpoint the attacker signs with a key of their own.
      const attackerKey = createSigner(generateSigningKeyPair());
      const row = await db
        .selectFrom('audit_heads')
        .select(['seq', 'hash'])
        .where('tenant_id', '=', id('forged-checkpoint'))
        .executeTakeFirstOrThrow();
      await db.deleteFrom('audit_checkpoints').where('tenant_id', '=', id('forged-checkpoint')).execute();
      const forgedNote = signCheckpoint(
        {
          tenantId: id('forged-checkpoint'),
          seq: Number(row.seq),
          hash: row.hash,
          time: new Date().toISOString(),
          kind: 'periodic',
        },
        attackerKey,
      );
      await db
        .insertInto('audit_checkpoints')
        .values({
          tenant_id: id('forged-checkpoint'),
          id: 'f0rged',
          seq: Number(row.seq),
          hash: row.hash,
          kind: 'periodic',
          key_id: forgedNote.keyName,
          note: forgedNote.note,
          created_at: forgedNote.time,
        })
        .execute();
    });

    // One run checks every chain, with the copies kept elsewhere.
    const untouched = await entryCount('untouched');
    const { code, lines } = await verifyOutput(['--checkpoint', externalFile]);
    expect(code).toBe(1);
    const expectFail = (name: string, pattern: RegExp) => expect(lines.get(name), name).toMatch(pattern);
    for (const [i, field] of fields.entries())
      expectFail(`field:${field}`, new RegExp(`FAIL .*first bad entry ${[1, 4, 12][i % 3]}: `));
    expectFail('field:seq', /first bad entry 12: entries 12 are missing from the end/);
    expectFail('delete-middle', /first bad entry 5: entries 5 are missing/);
    expectFail('delete-first', /first bad entry 1: entries 1 are missing and no signed retention checkpoint/);
    expectFail('insert', /first bad entry 6: entry 6 does not match the chain/);
    expectFail(
      'insert-recomputed',
      /FAIL .*the chain at entry 7 differs from the stored signed checkpoint .*entries 1 to 7 were rewritten/,
    );
    expectFail('reorder', /first bad entry 3: entry 3 does not match the chain/);
    expectFail('truncate', /first bad entry 10: entries 10 to 12 are missing from the end/);
    expectFail(
      'rebuilt',
      /FAIL .*first bad entry 1: the chain at entry 7 differs from the stored signed checkpoint .*entries 1 to 7 were rewritten/,
    );
    expectFail('forged-checkpoint', /FAIL .*not validly signed \(no signature by this installation's key/);
    expectFail(
      'truncate-and-rewind',
      /FAIL .*first bad entry 10: the external signed checkpoint of .* covers 13 entries but the chain ends at 9: entries 10 to 13 are gone/,
    );
    expectFail(
      'rebuilt-no-checkpoints',
      /FAIL .*the chain at entry 13 differs from the external signed checkpoint .*entries 1 to 13 were rewritten/,
    );
    expect(lines.get('untouched'), 'untouched').toMatch(
      new RegExp(`^ok {4}tenant .*: ${untouched} entries verified \\(entries 1 to ${untouched}\\)`),
    );
    // Without the copies those two look whole: only a checkpoint kept off the machine shows them.
    const without = await verifyOutput();
    expect(without.code).toBe(1);
    expect(without.lines.get('truncate-and-rewind')).toMatch(/^ok /);
    expect(without.lines.get('rebuilt-no-checkpoints')).toMatch(/^ok /);
  }, 120_000);
});
