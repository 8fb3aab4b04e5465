/**
 * The trail itself: numbered, hash-chained entries written in the caller's transaction; the
 * database refuses to change or delete them; details never hold personal data in clear; and four
 * OS processes writing at once produce one chain without forks, gaps or repeats.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { loadEnvKeyProvider } from '../../src/crypto/env.key-provider.js';
import { ManualClock } from '../../src/domain/clock.js';
import { chainHash, contentHash, genesisHash } from '../../src/modules/audit/audit-hash.js';
import { AuditTrail } from '../../src/modules/audit/audit.recorder.js';
import { INSTALLATION_CHAIN } from '../../src/kernel/audit.js';
import { verifyChain, type VerifyKey } from '../../src/modules/audit/audit-verify.js';
import { loadInstallationSigner } from '../../src/modules/keys/installation-keys.js';
import { fillChain } from '../support/audit.js';
import { repoRoot } from '../support/cli.js';
import { describeEachEngine } from '../support/engines.js';

describeEachEngine('audit trail', (getDb, engine) => {
  const clock = new ManualClock('2026-05-04T06:00:00.000Z');
  const trail = new AuditTrail(clock);
  let key: VerifyKey;
  /** A chain of its own for each test, so no test reads another's entries. */
  const newChain = (): string => `t-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    const signer = await loadInstallationSigner(
      getDb().db,
      loadEnvKeyProvider(randomBytes(32).toString('base64')),
      clock,
    );
    key = { keyId: signer.keyId, publicKeyPem: signer.publicKeyPem };
  });

  it('numbers entries 1, 2, 3 ... per tenant, each hash over the previous one', async () => {
    const db = getDb().db;
    const [a, b] = [newChain(), newChain()];
    await fillChain(db, trail, a, 5);
    await fillChain(db, trail, b, 2);
    const rows = await db
      .selectFrom('audit_entries')
      .selectAll()
      .where('tenant_id', '=', a)
      .orderBy('seq')
      .execute();
    expect(rows.map((r) => Number(r.seq))).toEqual([1, 2, 3, 4, 5]);
    let prev = genesisHash(a);
    for (const r of rows) {
      const expected = chainHash(prev, contentHash({ ...r, seq: Number(r.seq) }));
      expect(r.hash).toBe(expected.toString('hex'));
      prev = expected;
    }
    const head = await db
      .selectFrom('audit_heads')
      .selectAll()
      .where('tenant_id', '=', a)
      .executeTakeFirstOrThrow();
    expect({ seq: Number(head.seq), hash: head.hash }).toEqual({ seq: 5, hash: prev.toString('hex') });
    expect((await verifyChain(db, a, key)).ok).toBe(true);
    expect((await verifyChain(db, b, key)).lastSeq).toBe(2);
  });

  it('writes the entry in the caller transaction: a rollback takes the change and the entry', async () => {
    const db = getDb().db;
    const a = newChain();
    await fillChain(db, trail, a, 5);
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('monitor_cursors').values({ name: 'rolled-back', position: '1' }).execute();
        await trail.record(
          trx,
          { tenantId: a, actor: { type: 'user', id: 'u1' } },
          { action: 'test.change', objectType: 'thing', outcome: 'success' },
        );
        throw new Error('the change fails after recording');
      }),
    ).rejects.toThrow(/fails after recording/);
    expect(
      await db.selectFrom('monitor_cursors').selectAll().where('name', '=', 'rolled-back').execute(),
    ).toEqual([]);
    const head = await db
      .selectFrom('audit_heads')
      .select('seq')
      .where('tenant_id', '=', a)
      .executeTakeFirstOrThrow();
    expect(Number(head.seq)).toBe(5);
    await fillChain(db, trail, a, 1);
    expect((await verifyChain(db, a, key)).ok).toBe(true);
  });

  it('the database refuses UPDATE and DELETE of entries, stubs and checkpoints', async () => {
    const db = getDb().db;
    const [a, b, z] = [newChain(), newChain(), newChain()];
    await fillChain(db, trail, a, 6);
    await fillChain(db, trail, b, 2);
    const checkpointId = randomBytes(4).toString('hex');
    const refused = /append-only/;
    await expect(
      sql`update audit_entries set outcome = 'success' where tenant_id = ${a}`.execute(db),
    ).rejects.toThrow(refused);
    await expect(
      sql`delete from audit_entries where tenant_id = ${a} and seq = 1`.execute(db),
    ).rejects.toThrow(refused);
    await expect(sql`delete from audit_entries`.execute(db)).rejects.toThrow(refused);
    await db
      .insertInto('audit_checkpoints')
      .values({
        tenant_id: a,
        id: checkpointId,
        seq: 1,
        hash: 'x',
        kind: 'retention',
        key_id: 'k',
        note: 'n',
        created_at: clock.now().toISOString(),
      })
      .execute();
    await expect(
      sql`update audit_checkpoints set hash = 'y' where id = ${checkpointId}`.execute(db),
    ).rejects.toThrow(refused);
    await expect(sql`delete from audit_checkpoints where id = ${checkpointId}`.execute(db)).rejects.toThrow(
      refused,
    );
    await db
      .insertInto('audit_pruned')
      .values({
        tenant_id: z,
        seq: 1,
        content_hash: 'c',
        hash: 'h',
        pruned_at: clock.now().toISOString(),
      })
      .execute();
    await expect(sql`update audit_pruned set hash = 'g' where tenant_id = ${z}`.execute(db)).rejects.toThrow(
      refused,
    );
    await expect(sql`delete from audit_pruned where tenant_id = ${z}`.execute(db)).rejects.toThrow(refused);
    // A guard row opens nothing without a retention checkpoint covering the entries.
    await db.insertInto('audit_retention_guard').values({ tenant_id: b, up_to_seq: 2 }).execute();
    await expect(sql`delete from audit_entries where tenant_id = ${b}`.execute(db)).rejects.toThrow(refused);
    await db.deleteFrom('audit_retention_guard').where('tenant_id', '=', b).execute();
    if (engine === 'postgres') await expect(sql`truncate audit_entries`.execute(db)).rejects.toThrow(refused);
    // A direct insert must continue the chain: no gap and no repeat, whoever writes.
    const last = await db
      .selectFrom('audit_entries')
      .selectAll()
      .where('tenant_id', '=', a)
      .where('seq', '=', 6)
      .executeTakeFirstOrThrow();
    for (const seq of [6, 8])
      await expect(
        db
          .insertInto('audit_entries')
          .values({ ...last, seq })
          .execute(),
      ).rejects.toThrow(/continue the chain|unique|UNIQUE/);
    const rows = await db.selectFrom('audit_entries').select('seq').where('tenant_id', '=', a).execute();
    expect(rows.length).toBe(6);
    expect((await verifyChain(db, a, key)).problems.map((p) => p.kind)).toEqual(['bad_checkpoint']);
  });

  it('keeps personal data out of details: sensitive keys and look-alike values are replaced', async () => {
    const db = getDb().db;
    const c = newChain();
    await trail.record(
      db,
      { tenantId: c, actor: { type: 'user', id: 'u1' } },
      {
        action: 'customer.update',
        objectType: 'customer',
        objectId: 'c-1',
        outcome: 'success',
        details: {
          email: 'ravi.kumar@example.com',
          phoneNumber: '9812345610',
          note: 'called 98123 45610 about order',
          changed: ['phone', 'email'],
          storeId: '5b1f3c2e-1234-4234-8234-123456789012',
        },
      },
    );
    const row = await db
      .selectFrom('audit_entries')
      .select('details')
      .where('tenant_id', '=', c)
      .executeTakeFirstOrThrow();
    expect(row.details).not.toMatch(/ravi|9812345610|98123 45610/);
    expect(JSON.parse(row.details)).toEqual({
      changed: ['phone', 'email'],
      email: '[redacted]',
      note: 'called [redacted] about order',
      phoneNumber: '[redacted]',
      storeId: '5b1f3c2e-1234-4234-8234-123456789012',
    });
  });

  it('installation-wide events go to the installation chain', async () => {
    const db = getDb().db;
    await trail.record(
      db,
      { tenantId: INSTALLATION_CHAIN, actor: { type: 'public', id: null }, source: 'http 203.0.113.9' },
      {
        action: 'auth.login',
        objectType: 'user',
        outcome: 'failure',
        details: { reason: 'unknown_account' },
      },
    );
    expect((await verifyChain(db, INSTALLATION_CHAIN, key)).ok).toBe(true);
  });

  it('four OS processes writing at once produce one chain per tenant with no fork, gap or repeat', async () => {
    const location = getDb().location.url ?? getDb().location.sqlitePath ?? '';
    const tenants = [newChain(), newChain()];
    const perProcess = engine === 'postgres' ? 150 : 100;
    // Each writer says `ready` once its database answers; all get `go` together.
    let ready = 0;
    const children: ChildProcessWithoutNullStreams[] = [];
    const runs = Array.from(
      { length: 4 },
      () =>
        new Promise<string>((resolve, reject) => {
          const child = spawn(
            process.execPath,
            [
              '--import',
              'tsx',
              'test/support/audit-writer.ts',
              location,
              tenants.join(','),
              String(perProcess),
            ],
            { cwd: repoRoot, stdio: 'pipe' },
          );
          children.push(child);
          let out = '';
          child.stdout.on('data', (c: Buffer) => {
            out += c.toString();
            if (c.toString().includes('ready')) {
              ready += 1;
              if (ready === children.length) for (const each of children) each.stdin.write('go\n');
            }
          });
          child.stderr.on('data', (c: Buffer) => (out += c.toString()));
          child.on('exit', (code) =>
            code === 0
              ? resolve(out.replace('ready\n', ''))
              : reject(new Error(`writer exited ${code}: ${out}`)),
          );
        }),
    );
    expect(await Promise.all(runs)).toEqual(Array(4).fill(`done ${perProcess}\n`));
    const db = getDb().db;
    for (const tenantId of tenants) {
      const rows = await db
        .selectFrom('audit_entries')
        .select(['seq', 'actor_id'])
        .where('tenant_id', '=', tenantId)
        .orderBy('seq')
        .execute();
      expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 2 * perProcess }, (_, i) => i + 1));
      // The writers really overlapped: one after the other would switch between processes 3 times.
      const switches = rows.filter((r, i) => i > 0 && r.actor_id !== rows[i - 1]?.actor_id).length;
      expect(switches).toBeGreaterThan(3);
      const result = await verifyChain(db, tenantId, key);
      expect(result.problems).toEqual([]);
      expect(result.lastSeq).toBe(2 * perProcess);
    }
  }, 60_000);
});
