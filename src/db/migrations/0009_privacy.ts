/**
 * Privacy and compliance: the consent ledger (append-only), notice versions, data-subject requests
 * with their timeline, codes and export packages, erasure certificates, retention policies, runs,
 * notices and guard, the processor and training registers, and privacy settings. It also lets the
 * outbox address a customer (notices go to the contact on record, resolved when sending), and
 * replaces billing's "never delete" triggers with ones that let a retention transaction (guard
 * row present) delete tax records whose 72 months have passed, and nothing else.
 */
import { sql, type CreateTableBuilder, type Kysely } from 'kysely';
import type { Engine } from '../database.js';
import { columnTypes } from './column-types.js';
import type { MigrationFactory } from './registry.js';

type Table = CreateTableBuilder<string, string>;

/** Adds columns of one type; a trailing `?` makes a column nullable. */
function cols(table: Table, type: 'text' | 'integer' | 'bigint' | 'blob' | 'bytea', names: string[]): Table {
  let t = table;
  for (const raw of names) {
    const nullable = raw.endsWith('?');
    const name = nullable ? raw.slice(0, -1) : raw;
    t = t.addColumn(name, type, (c) => (nullable ? c : c.notNull()));
  }
  return t;
}

/** When a delete from a tax-record table is allowed: inside a retention run, for expired rows only. */
const retentionDeletes: Record<string, (old: string) => string> = {
  sales_documents: (old) =>
    `exists (select 1 from retention_guard g where g.tenant_id = ${old}.tenant_id and ${old}.fy <= g.up_to_fy)`,
  sales_document_lines: (old) => documentExpired(old),
  sales_payments: (old) => documentExpired(old),
  sales_cancellations: (old) => documentExpired(old),
  customer_ledger: (old) =>
    `exists (select 1 from retention_guard g where g.tenant_id = ${old}.tenant_id and ${old}.created_at < g.before_at)`,
  stock_movements: (old) =>
    `exists (select 1 from retention_guard g where g.tenant_id = ${old}.tenant_id and ${old}.created_at < g.before_at)`,
};

function documentExpired(old: string): string {
  return `exists (select 1 from retention_guard g join sales_documents d
    on d.tenant_id = g.tenant_id and d.id = ${old}.document_id
    where g.tenant_id = ${old}.tenant_id and d.fy <= g.up_to_fy)`;
}

async function retentionDeleteTriggers(db: Kysely<unknown>, engine: Engine): Promise<void> {
  for (const [table, allows] of Object.entries(retentionDeletes)) {
    await sql
      .raw(`drop trigger ${table}_no_delete${engine === 'postgres' ? ` on ${table}` : ''}`)
      .execute(db);
    if (engine === 'postgres') {
      await sql
        .raw(
          `create or replace function tijori_${table}_retention() returns trigger language plpgsql as $$
          begin
            if ${allows('old')} then return old; end if;
            raise exception 'append-only table %: rows are never updated or deleted', TG_TABLE_NAME;
          end $$`,
        )
        .execute(db);
      await sql
        .raw(
          `create trigger ${table}_no_delete before delete on ${table}
           for each row execute function tijori_${table}_retention()`,
        )
        .execute(db);
    } else {
      await sql
        .raw(
          `create trigger ${table}_no_delete before delete on ${table} when not (${allows('old')})
           begin select raise(abort, 'append-only table ${table}: rows are never updated or deleted'); end`,
        )
        .execute(db);
    }
  }
}

/** The consent ledger is evidence: its events are never changed or removed. */
async function consentAppendOnly(db: Kysely<unknown>, engine: Engine): Promise<void> {
  if (engine === 'postgres') {
    await sql
      .raw(
        `create or replace function tijori_consent_refuse() returns trigger language plpgsql as $$
        begin raise exception 'the consent ledger is append-only: % refused', TG_OP; end $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger consent_events_append_only before update or delete on consent_events
         for each row execute function tijori_consent_refuse()`,
      )
      .execute(db);
    return;
  }
  for (const op of ['update', 'delete'])
    await sql
      .raw(
        `create trigger consent_events_no_${op} before ${op} on consent_events
         begin select raise(abort, 'the consent ledger is append-only'); end`,
      )
      .execute(db);
}

export const privacy: MigrationFactory = (engine) => ({
  async up(db: Kysely<unknown>) {
    const { binary } = columnTypes(engine);
    const create = (name: string) => db.schema.createTable(name);
    const index = (name: string, table: string, columns: string[]) =>
      db.schema.createIndex(name).on(table).columns(columns).execute();

    await db.schema
      .alterTable('notification_deliveries')
      .addColumn('recipient_customer_id', 'text')
      .execute();

    let t = cols(create('consent_events'), 'text', [
      'tenant_id',
      'id',
      'customer_id',
      'purpose',
      'source',
      'notice_version',
      'store_id?',
      'recorded_at',
      'actor_type',
      'actor_id?',
      'request_id?',
    ]);
    await cols(t, 'integer', ['granted', 'seq'])
      .addPrimaryKeyConstraint('consent_events_pk', ['tenant_id', 'id'])
      .execute();
    // The customer's decisions in the order they were made (several can share a millisecond).
    await db.schema
      .createIndex('consent_events_customer_seq_uq')
      .unique()
      .on('consent_events')
      .columns(['tenant_id', 'customer_id', 'seq'])
      .execute();

    t = cols(create('consent_current'), 'text', [
      'tenant_id',
      'customer_id',
      'purpose',
      'event_id',
      'notice_version',
      'updated_at',
    ]);
    await cols(t, 'integer', ['granted'])
      .addPrimaryKeyConstraint('consent_current_pk', ['tenant_id', 'customer_id', 'purpose'])
      .execute();
    await index('consent_current_purpose_idx', 'consent_current', ['tenant_id', 'purpose', 'granted']);

    await cols(create('privacy_notice_versions'), 'text', [
      'tenant_id',
      'version',
      'summary',
      'published_at',
      'published_by?',
    ])
      .addPrimaryKeyConstraint('privacy_notice_versions_pk', ['tenant_id', 'version'])
      .execute();

    await cols(create('privacy_settings'), 'text', ['tenant_id', 'settings', 'updated_at'])
      .addPrimaryKeyConstraint('privacy_settings_pk', ['tenant_id'])
      .execute();

    t = cols(create('privacy_requests'), 'text', [
      'tenant_id',
      'id',
      'reference',
      'kind',
      'law',
      'channel',
      'status',
      'customer_id?',
      'verification',
      'verified_at?',
      'received_at',
      'ack_due_at',
      'due_at',
      'acknowledged_at?',
      'extended_at?',
      'extension_reason?',
      'closed_at?',
      'outcome?',
      'details_enc?',
      'public_token_hash?',
      'created_by?',
      'updated_at',
    ]);
    await cols(t, 'integer', ['reminder_stage'])
      .addPrimaryKeyConstraint('privacy_requests_pk', ['tenant_id', 'id'])
      .execute();
    await db.schema
      .createIndex('privacy_requests_reference_uq')
      .unique()
      .on('privacy_requests')
      .columns(['tenant_id', 'reference'])
      .execute();
    await index('privacy_requests_status_idx', 'privacy_requests', ['tenant_id', 'status', 'due_at']);
    await index('privacy_requests_customer_idx', 'privacy_requests', ['tenant_id', 'customer_id']);

    await cols(create('privacy_request_events'), 'text', [
      'tenant_id',
      'id',
      'request_id',
      'at',
      'kind',
      'actor_type',
      'actor_id?',
      'details',
    ])
      .addPrimaryKeyConstraint('privacy_request_events_pk', ['tenant_id', 'id'])
      .execute();
    await index('privacy_request_events_request_idx', 'privacy_request_events', [
      'tenant_id',
      'request_id',
      'at',
    ]);

    t = cols(create('privacy_otps'), 'text', [
      'tenant_id',
      'id',
      'request_id',
      'channel',
      'code_hash',
      'expires_at',
      'used_at?',
      'created_at',
    ]);
    await cols(t, 'integer', ['attempts'])
      .addPrimaryKeyConstraint('privacy_otps_pk', ['tenant_id', 'id'])
      .execute();
    await index('privacy_otps_request_idx', 'privacy_otps', ['tenant_id', 'request_id']);

    t = cols(create('privacy_exports'), 'text', [
      'tenant_id',
      'id',
      'request_id?',
      'customer_id',
      'protection',
      'sha256',
      'counts',
      'created_at',
      'expires_at',
      'created_by?',
      'last_downloaded_at?',
    ]);
    t = cols(t, binary, ['package']);
    await cols(t, 'integer', ['size_bytes', 'downloads'])
      .addPrimaryKeyConstraint('privacy_exports_pk', ['tenant_id', 'id'])
      .execute();
    await index('privacy_exports_customer_idx', 'privacy_exports', ['tenant_id', 'customer_id']);

    await cols(create('erasure_certificates'), 'text', [
      'tenant_id',
      'id',
      'request_id?',
      'customer_id',
      'erased_at',
      'reason',
      'body',
      'key_id',
      'signature',
    ])
      .addPrimaryKeyConstraint('erasure_certificates_pk', ['tenant_id', 'id'])
      .execute();
    await index('erasure_certificates_customer_idx', 'erasure_certificates', ['tenant_id', 'customer_id']);

    t = cols(create('retention_policies'), 'text', ['tenant_id', 'policy', 'updated_at', 'updated_by?']);
    await cols(t, 'integer', ['enabled', 'period'])
      .addPrimaryKeyConstraint('retention_policies_pk', ['tenant_id', 'policy'])
      .execute();

    t = cols(create('retention_runs'), 'text', [
      'tenant_id',
      'id',
      'started_at',
      'finished_at',
      'actor_type',
      'actor_id?',
      'results',
    ]);
    await cols(t, 'integer', ['dry_run'])
      .addPrimaryKeyConstraint('retention_runs_pk', ['tenant_id', 'id'])
      .execute();
    await index('retention_runs_started_idx', 'retention_runs', ['tenant_id', 'started_at']);

    await cols(create('retention_notices'), 'text', [
      'tenant_id',
      'customer_id',
      'notified_at',
      'anonymise_after',
      'channel',
    ])
      .addPrimaryKeyConstraint('retention_notices_pk', ['tenant_id', 'customer_id'])
      .execute();

    t = cols(create('retention_guard'), 'text', ['tenant_id', 'before_at']);
    await cols(t, 'integer', ['up_to_fy'])
      .addPrimaryKeyConstraint('retention_guard_pk', ['tenant_id'])
      .execute();

    await cols(create('processors'), 'text', [
      'tenant_id',
      'id',
      'name',
      'service',
      'purpose',
      'data_categories',
      'location',
      'contract_status',
      'dpa_status',
      'dpa_signed_on?',
      'last_reviewed_on?',
      'next_review_on?',
      'notes?',
      'created_at',
      'updated_at',
    ])
      .addPrimaryKeyConstraint('processors_pk', ['tenant_id', 'id'])
      .execute();

    t = cols(create('training_courses'), 'text', [
      'tenant_id',
      'id',
      'title',
      'required_roles',
      'created_at',
    ]);
    await cols(t, 'integer', ['renew_months'])
      .addPrimaryKeyConstraint('training_courses_pk', ['tenant_id', 'id'])
      .execute();

    await cols(create('training_completions'), 'text', [
      'tenant_id',
      'id',
      'course_id',
      'user_id',
      'completed_on',
      'due_on?',
      'recorded_by?',
      'recorded_at',
    ])
      .addPrimaryKeyConstraint('training_completions_pk', ['tenant_id', 'id'])
      .execute();
    await index('training_completions_user_idx', 'training_completions', [
      'tenant_id',
      'user_id',
      'course_id',
    ]);

    await consentAppendOnly(db, engine);
    await retentionDeleteTriggers(db, engine);
  },
});
