/**
 * Audit helpers for tests: an attacker's raw access to the tables (the append-only triggers taken
 * off, as someone with the database's owner rights could), and a quick way to fill a chain.
 */
import { sql, type Kysely } from 'kysely';
import type { Engine } from '../../src/db/database.js';
import type { Database } from '../../src/db/schema.js';
import type { AuditRecorder } from '../../src/kernel/audit.js';

const guarded = ['audit_entries', 'audit_pruned', 'audit_checkpoints'];

/** Runs `change` with the append-only triggers disabled (PostgreSQL) or dropped and restored (SQLite). */
export async function asAttacker(
  db: Kysely<Database>,
  engine: Engine,
  change: (db: Kysely<Database>) => Promise<void>,
): Promise<void> {
  if (engine === 'postgres') {
    for (const t of guarded) await sql.raw(`alter table ${t} disable trigger user`).execute(db);
    try {
      await change(db);
    } finally {
      for (const t of guarded) await sql.raw(`alter table ${t} enable trigger user`).execute(db);
    }
    return;
  }
  const { rows } = await sql<{ name: string; sql: string }>`
    select name, sql from sqlite_master where type = 'trigger' and tbl_name in (${sql.join(guarded)})`.execute(
    db,
  );
  for (const r of rows) await sql.raw(`drop trigger ${r.name}`).execute(db);
  try {
    await change(db);
  } finally {
    for (const r of rows) await sql.raw(r.sql).execute(db);
  }
}

/** Appends `count` ordinary entries to a tenant's chain, each in its own transaction. */
export async function fillChain(
  db: Kysely<Database>,
  audit: AuditRecorder,
  tenantId: string,
  count: number,
  action = 'test.event',
): Promise<void> {
  for (let i = 0; i < count; i += 1)
    await audit.record(
      db,
      {
        tenantId,
        actor: { type: 'user', id: `u-${i % 3}`, sessionId: 's-1' },
        requestId: `req-${i}`,
        source: 'http 10.0.0.7',
      },
      {
        action,
        objectType: 'thing',
        objectId: `obj-${i}`,
        outcome: i % 5 === 0 ? 'failure' : 'success',
        details: { n: i, reason: 'routine', tags: ['a', 'b'] },
      },
    );
}
