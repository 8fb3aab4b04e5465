/**
 * The audit trail (entries, head, retention stubs, checkpoints, retention guard and settings), the
 * shared job schedule, alerts and their channels, detector settings and cursors, and the
 * notification outbox with its delivery log. Triggers make the trail append-only on both engines:
 * UPDATE is always refused; DELETE only inside a retention transaction (guard row present) and only
 * for entries a signed retention checkpoint already covers.
 */
import { sql, type CreateTableBuilder, type Kysely } from 'kysely';
import type { Engine } from '../database.js';
import { columnTypes } from './column-types.js';
import type { MigrationFactory } from './registry.js';

type Table = CreateTableBuilder<string, string>;
const text = (t: Table, ...names: string[]): Table =>
  names.reduce((acc, name) => acc.addColumn(name, 'text', (c) => c.notNull()), t);
const nullableText = (t: Table, ...names: string[]): Table =>
  names.reduce((acc, name) => acc.addColumn(name, 'text'), t);

// A delete passes only inside the retention transaction, and only below its signed checkpoint.
const retentionAllows = (old: string) => `exists (select 1 from audit_retention_guard g
    where g.tenant_id = ${old}.tenant_id and ${old}.seq <= g.up_to_seq)
  and exists (select 1 from audit_checkpoints c
    where c.tenant_id = ${old}.tenant_id and c.kind = 'retention' and c.seq >= ${old}.seq)`;

async function appendOnlyTriggers(db: Kysely<unknown>, engine: Engine): Promise<void> {
  await chainTriggers(db, engine);
  if (engine === 'postgres') {
    await sql
      .raw(
        `create or replace function tijori_audit_guard() returns trigger language plpgsql as $$
        begin
          if tg_op = 'DELETE' and tg_table_name <> 'audit_checkpoints' then
            if ${retentionAllows('old')} then
              return old;
            end if;
          end if;
          raise exception 'audit records are append-only: % on % refused', tg_op, tg_table_name
            using errcode = 'insufficient_privilege';
        end $$`,
      )
      .execute(db);
    for (const table of ['audit_entries', 'audit_pruned', 'audit_checkpoints']) {
      await sql
        .raw(
          `create trigger ${table}_append_only before update or delete on ${table}
           for each row execute function tijori_audit_guard()`,
        )
        .execute(db);
      await sql
        .raw(
          `create trigger ${table}_no_truncate before truncate on ${table}
           for each statement execute function tijori_audit_guard()`,
        )
        .execute(db);
    }
    return;
  }
  for (const table of ['audit_entries', 'audit_pruned', 'audit_checkpoints']) {
    await sql
      .raw(
        `create trigger ${table}_no_update before update on ${table}
         begin select raise(abort, 'audit records are append-only: UPDATE on ${table} refused'); end`,
      )
      .execute(db);
    const when = table === 'audit_checkpoints' ? '' : `when not (${retentionAllows('old')})`;
    await sql
      .raw(
        `create trigger ${table}_no_delete before delete on ${table} ${when}
         begin select raise(abort, 'audit records are append-only: DELETE on ${table} refused'); end`,
      )
      .execute(db);
  }
}

/**
 * Every inserted entry must continue its chain (sequence number = head + 1), and moves the head
 * with it, inside the database: no writer, buggy or not, can leave a gap, a repeat or a head that
 * lags behind the entries.
 */
async function chainTriggers(db: Kysely<unknown>, engine: Engine): Promise<void> {
  if (engine === 'postgres') {
    await sql
      .raw(
        `create or replace function tijori_audit_append() returns trigger language plpgsql as $$
        declare head_seq bigint;
        begin
          select seq into head_seq from audit_heads where tenant_id = new.tenant_id;
          if coalesce(head_seq, 0) + 1 <> new.seq then
            raise exception 'audit entry % does not continue the chain (head at %)', new.seq, coalesce(head_seq, 0)
              using errcode = 'integrity_constraint_violation';
          end if;
          insert into audit_heads (tenant_id, seq, hash, updated_at)
            values (new.tenant_id, new.seq, new.hash, new.occurred_at)
            on conflict (tenant_id) do update set seq = excluded.seq, hash = excluded.hash, updated_at = excluded.updated_at;
          return new;
        end $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger audit_entries_append before insert on audit_entries
         for each row execute function tijori_audit_append()`,
      )
      .execute(db);
    return;
  }
  await sql
    .raw(
      `create trigger audit_entries_append before insert on audit_entries
       begin
         select raise(abort, 'audit entry does not continue the chain')
           where new.seq <> coalesce((select seq from audit_heads where tenant_id = new.tenant_id), 0) + 1;
         insert or ignore into audit_heads (tenant_id, seq, hash, updated_at)
           values (new.tenant_id, 0, '', new.occurred_at);
         update audit_heads set seq = new.seq, hash = new.hash, updated_at = new.occurred_at
           where tenant_id = new.tenant_id;
       end`,
    )
    .execute(db);
}

export const audit: MigrationFactory = (engine) => ({
  async up(db: Kysely<unknown>) {
    const t = columnTypes(engine);
    await nullableText(
      text(db.schema.createTable('audit_entries'), 'tenant_id', 'occurred_at', 'actor_type'),
      'actor_id',
      'session_id',
      'device_id',
    )
      .addColumn('seq', t.int64, (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('object_type', 'text', (c) => c.notNull())
      .addColumn('object_id', 'text')
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('request_id', 'text')
      .addColumn('source', 'text')
      .addColumn('details', 'text', (c) => c.notNull())
      .addColumn('retention', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('audit_entries_pk', ['tenant_id', 'seq'])
      .execute();
    for (const [name, columns] of [
      ['audit_entries_time_idx', ['tenant_id', 'occurred_at']],
      ['audit_entries_actor_idx', ['tenant_id', 'actor_id', 'seq']],
      ['audit_entries_object_idx', ['tenant_id', 'object_type', 'object_id']],
    ] as const)
      await db.schema
        .createIndex(name)
        .on('audit_entries')
        .columns([...columns])
        .execute();

    await text(db.schema.createTable('audit_pruned'), 'tenant_id', 'content_hash', 'hash', 'pruned_at')
      .addColumn('seq', t.int64, (c) => c.notNull())
      .addPrimaryKeyConstraint('audit_pruned_pk', ['tenant_id', 'seq'])
      .execute();

    await text(db.schema.createTable('audit_heads'), 'hash', 'updated_at')
      .addColumn('tenant_id', 'text', (c) => c.primaryKey())
      .addColumn('seq', t.int64, (c) => c.notNull())
      .execute();

    await text(
      db.schema.createTable('audit_checkpoints'),
      'tenant_id',
      'id',
      'hash',
      'kind',
      'key_id',
      'note',
      'created_at',
    )
      .addColumn('seq', t.int64, (c) => c.notNull())
      .addPrimaryKeyConstraint('audit_checkpoints_pk', ['tenant_id', 'id'])
      .execute();
    await db.schema
      .createIndex('audit_checkpoints_seq_idx')
      .on('audit_checkpoints')
      .columns(['tenant_id', 'seq'])
      .execute();

    await db.schema
      .createTable('audit_retention_guard')
      .addColumn('tenant_id', 'text', (c) => c.primaryKey())
      .addColumn('up_to_seq', t.int64, (c) => c.notNull())
      .execute();

    await text(db.schema.createTable('audit_settings'), 'updated_at')
      .addColumn('tenant_id', 'text', (c) => c.primaryKey())
      .addColumn('retention_months', 'integer', (c) => c.notNull())
      .addColumn('gst_retention_months', 'integer', (c) => c.notNull())
      .execute();

    await appendOnlyTriggers(db, engine);

    await nullableText(
      text(db.schema.createTable('scheduled_jobs'), 'next_run_at'),
      'lease_owner',
      'lease_expires_at',
      'last_started_at',
      'last_finished_at',
      'last_outcome',
      'last_error',
    )
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('runs', t.int64, (c) => c.notNull().defaultTo(0))
      .execute();

    await nullableText(
      text(
        db.schema.createTable('alerts'),
        'tenant_id',
        'id',
        'detector',
        'severity',
        'subject_type',
        'subject_id',
        'status',
        'first_seen_at',
        'last_seen_at',
        'details',
      ),
      'acknowledged_by',
      'acknowledged_at',
      'resolved_by',
      'resolved_at',
    )
      .addColumn('count', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('alerts_pk', ['tenant_id', 'id'])
      .execute();
    await db.schema
      .createIndex('alerts_subject_idx')
      .on('alerts')
      .columns(['tenant_id', 'detector', 'subject_type', 'subject_id', 'last_seen_at'])
      .execute();
    await db.schema
      .createIndex('alerts_status_idx')
      .on('alerts')
      .columns(['tenant_id', 'status', 'last_seen_at'])
      .execute();

    await nullableText(
      text(
        db.schema.createTable('alert_channels'),
        'email_min_severity',
        'webhook_min_severity',
        'updated_at',
      ),
      'email_recipients_enc',
      'webhook_url_enc',
      'webhook_secret_enc',
    )
      .addColumn('tenant_id', 'text', (c) => c.primaryKey())
      .addColumn('send_checkpoints', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();

    await text(db.schema.createTable('monitoring_settings'), 'settings', 'updated_at')
      .addColumn('tenant_id', 'text', (c) => c.primaryKey())
      .execute();

    await text(db.schema.createTable('monitor_cursors'), 'position')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .execute();

    await nullableText(
      text(
        db.schema.createTable('notification_deliveries'),
        'tenant_id',
        'id',
        'kind',
        'channel',
        'payload',
        'status',
        'next_attempt_at',
        'created_at',
      ),
      'ref_id',
      'recipient_user_id',
      'delivered_at',
      'last_error',
    )
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('notification_deliveries_pk', ['tenant_id', 'id'])
      .execute();
    await db.schema
      .createIndex('notification_deliveries_due_idx')
      .on('notification_deliveries')
      .columns(['status', 'next_attempt_at'])
      .execute();

    await nullableText(
      text(
        db.schema.createTable('delivery_attempts'),
        'tenant_id',
        'id',
        'delivery_id',
        'attempted_at',
        'outcome',
      ),
      'error',
    )
      .addColumn('attempt', 'integer', (c) => c.notNull())
      .addColumn('status_code', 'integer')
      .addColumn('duration_ms', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('delivery_attempts_pk', ['tenant_id', 'id'])
      .execute();
    await db.schema
      .createIndex('delivery_attempts_delivery_idx')
      .on('delivery_attempts')
      .columns(['tenant_id', 'delivery_id'])
      .execute();
  },
});
