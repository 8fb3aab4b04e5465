/**
 * Incident response (ADR 0016): incidents and their append-only timeline, scope analyses and the
 * customers they found, regulatory notices and clock alerts, customer notices with references and
 * inquiries, reviews, drills, the incident-response plan, public security reports. Also what
 * incident response needs from earlier capabilities: the device a session was signed in from
 * (to revoke a stolen device's sessions and scope by device), a forced password reset flag, and
 * the manifest of exported data subjects (scope analysis of exports).
 */
import type { Kysely } from 'kysely';
import { refuseRowChanges } from './append-only.js';
import { columns, columnTypes } from './column-types.js';
import type { MigrationFactory } from './registry.js';

export const incidents: MigrationFactory = (engine) => ({
  async up(db: Kysely<unknown>) {
    const int64 = columnTypes(engine).int64;
    const create = (name: string) => db.schema.createTable(name);
    const index = (name: string, table: string, cols: string[], unique = false) =>
      (unique ? db.schema.createIndex(name).unique() : db.schema.createIndex(name)).on(table).columns(cols);

    await db.schema.alterTable('sessions').addColumn('device_id', 'text').execute();
    await index('sessions_device_idx', 'sessions', ['tenant_id', 'device_id']).execute();
    await db.schema
      .alterTable('user_accounts')
      .addColumn('password_reset_required', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await index('audit_entries_device_idx', 'audit_entries', ['tenant_id', 'device_id']).execute();
    await columns(create('audit_export_subjects'), 'text', ['tenant_id', 'export_id', 'subject_id'])
      .addPrimaryKeyConstraint('audit_export_subjects_pk', ['tenant_id', 'export_id', 'subject_id'])
      .execute();

    let t = columns(create('incidents'), 'text', [
      'tenant_id',
      'id',
      'title',
      'category',
      'severity',
      'status',
      'aware_at',
      'detected_at?',
      'owner_user_id?',
      'store_ids',
      'data_categories',
      'description_enc?',
      'source_alert_id?',
      'source_report_id?',
      'contained_at?',
      'closed_at?',
      'reviewed_at?',
      'resolution?',
      'created_by?',
      'created_at',
      'updated_at',
    ]);
    await columns(t, 'integer', ['number', 'drill', 'eu_affected'])
      .addPrimaryKeyConstraint('incidents_pk', ['tenant_id', 'id'])
      .addUniqueConstraint('incidents_number_uq', ['tenant_id', 'number'])
      .execute();
    await index('incidents_status_idx', 'incidents', ['tenant_id', 'status', 'aware_at']).execute();
    // One incident per alert and per report (NULLs are distinct on both engines).
    await index('incidents_source_alert_uq', 'incidents', ['tenant_id', 'source_alert_id'], true).execute();
    await index('incidents_source_report_uq', 'incidents', ['tenant_id', 'source_report_id'], true).execute();

    t = columns(create('incident_events'), 'text', [
      'tenant_id',
      'id',
      'incident_id',
      'at',
      'actor_type',
      'actor_id?',
      'kind',
      'details',
      'note_enc?',
    ]);
    await columns(t, 'integer', ['seq'])
      .addPrimaryKeyConstraint('incident_events_pk', ['tenant_id', 'incident_id', 'seq'])
      .addUniqueConstraint('incident_events_id_uq', ['tenant_id', 'id'])
      .execute();

    t = columns(create('incident_scopes'), 'text', [
      'tenant_id',
      'id',
      'incident_id',
      'suspect_type',
      'suspect_id',
      'window_from?',
      'window_to?',
      'category_counts',
      'created_by?',
      'created_at',
    ]);
    await columns(t, 'integer', ['key_version?', 'entries_examined', 'customer_count'])
      .addPrimaryKeyConstraint('incident_scopes_pk', ['tenant_id', 'id'])
      .execute();
    await index('incident_scopes_incident_idx', 'incident_scopes', ['tenant_id', 'incident_id']).execute();

    await columns(create('incident_affected_customers'), 'text', [
      'tenant_id',
      'scope_id',
      'incident_id',
      'customer_id',
      'categories',
    ])
      .addPrimaryKeyConstraint('incident_affected_customers_pk', ['tenant_id', 'scope_id', 'customer_id'])
      .execute();
    await index('incident_affected_incident_idx', 'incident_affected_customers', [
      'tenant_id',
      'incident_id',
      'customer_id',
    ]).execute();

    await columns(create('incident_notices'), 'text', [
      'tenant_id',
      'id',
      'incident_id',
      'authority',
      'status',
      'body_enc',
      'drafted_at',
      'updated_at',
      'sent_at?',
      'external_ref?',
      'reason?',
      'decided_by?',
    ])
      .addPrimaryKeyConstraint('incident_notices_pk', ['tenant_id', 'id'])
      .addUniqueConstraint('incident_notices_authority_uq', ['tenant_id', 'incident_id', 'authority'])
      .execute();

    await columns(create('incident_clock_alerts'), 'text', [
      'tenant_id',
      'incident_id',
      'clock',
      'stage',
      'raised_at',
      'alert_id?',
    ])
      .addPrimaryKeyConstraint('incident_clock_alerts_pk', ['tenant_id', 'incident_id', 'clock', 'stage'])
      .execute();

    t = columns(create('incident_notice_batches'), 'text', [
      'tenant_id',
      'id',
      'incident_id',
      'language',
      'channels',
      'content_enc',
      'created_by?',
      'created_at',
    ]);
    await columns(t, 'integer', ['drill', 'recipients'])
      .addPrimaryKeyConstraint('incident_notice_batches_pk', ['tenant_id', 'id'])
      .execute();

    await columns(create('incident_recipients'), 'text', [
      'tenant_id',
      'incident_id',
      'customer_id',
      'reference_hash',
      'reference_enc',
      'created_at',
    ])
      .addPrimaryKeyConstraint('incident_recipients_pk', ['tenant_id', 'incident_id', 'customer_id'])
      .addUniqueConstraint('incident_recipients_reference_uq', ['reference_hash'])
      .execute();

    await columns(create('incident_customer_notices'), 'text', [
      'tenant_id',
      'id',
      'batch_id',
      'incident_id',
      'customer_id',
      'channel',
      'status',
      'delivery_id?',
      'created_at',
    ])
      .addPrimaryKeyConstraint('incident_customer_notices_pk', ['tenant_id', 'id'])
      .addUniqueConstraint('incident_customer_notices_uq', [
        'tenant_id',
        'batch_id',
        'customer_id',
        'channel',
      ])
      .execute();
    await index('incident_customer_notices_incident_idx', 'incident_customer_notices', [
      'tenant_id',
      'incident_id',
      'customer_id',
    ]).execute();

    await columns(create('incident_inquiries'), 'text', [
      'tenant_id',
      'id',
      'incident_id',
      'customer_id',
      'question_sealed',
      'received_at',
      'answer_enc?',
      'answered_at?',
      'answered_by?',
      'answer_channel?',
      'answer_delivery_id?',
    ])
      .addPrimaryKeyConstraint('incident_inquiries_pk', ['tenant_id', 'id'])
      .execute();
    await index('incident_inquiries_incident_idx', 'incident_inquiries', [
      'tenant_id',
      'incident_id',
      'received_at',
    ]).execute();

    await columns(create('incident_reviews'), 'text', [
      'tenant_id',
      'incident_id',
      'root_cause_enc',
      'what_worked_enc',
      'to_improve_enc',
      'created_by?',
      'created_at',
      'updated_at',
    ])
      .addPrimaryKeyConstraint('incident_reviews_pk', ['tenant_id', 'incident_id'])
      .execute();

    await columns(create('incident_review_actions'), 'text', [
      'tenant_id',
      'id',
      'incident_id',
      'description_enc',
      'owner_user_id',
      'due_on',
      'status',
      'done_at?',
      'overdue_alerted_at?',
      'created_at',
    ])
      .addPrimaryKeyConstraint('incident_review_actions_pk', ['tenant_id', 'id'])
      .execute();

    t = columns(create('incident_drills'), 'text', [
      'tenant_id',
      'id',
      'scenario',
      'status',
      'scheduled_for',
      'incident_id?',
      'started_at?',
      'contained_at?',
      'completed_at?',
      'created_by?',
      'created_at',
    ]);
    await columns(columns(t, 'integer', ['repeat_days?', 'would_send']), int64, ['time_to_contain_ms?'])
      .addPrimaryKeyConstraint('incident_drills_pk', ['tenant_id', 'id'])
      .execute();
    await index('incident_drills_due_idx', 'incident_drills', ['status', 'scheduled_for']).execute();

    t = columns(create('incident_plans'), 'text', [
      'tenant_id',
      'content_enc',
      'review_by',
      'reviewed_at?',
      'updated_by?',
      'updated_at',
      'overdue_alerted_for?',
    ]);
    await columns(t, 'integer', ['version'])
      .addPrimaryKeyConstraint('incident_plans_pk', ['tenant_id'])
      .execute();

    await columns(create('security_reports'), 'text', [
      'tenant_id',
      'id',
      'category',
      'sealed',
      'received_at',
      'status',
      'incident_id?',
      'handled_by?',
      'handled_at?',
    ])
      .addPrimaryKeyConstraint('security_reports_pk', ['tenant_id', 'id'])
      .execute();
    await index('security_reports_status_idx', 'security_reports', [
      'tenant_id',
      'status',
      'received_at',
    ]).execute();

    // The timeline and what was sent to customers are records: never changed or removed.
    await refuseRowChanges(db, engine, ['incident_events', 'incident_customer_notices']);
  },
});
