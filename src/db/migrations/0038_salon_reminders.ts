/**
 * Salon reminders and note edits (issue 16): the salon's settings (how long before an appointment
 * its reminder goes out), and who last edited a client note and when (the note itself is sealed
 * again in place, so no earlier version is kept in clear).
 */
import type { Kysely } from 'kysely';
import { columns } from './column-types.js';
import type { MigrationFactory } from './registry.js';

export const salonReminders: MigrationFactory = () => ({
  async up(db: Kysely<unknown>) {
    await columns(
      columns(db.schema.createTable('salon_settings'), 'text', ['tenant_id', 'updated_by', 'updated_at']),
      'integer',
      ['reminder_lead_minutes'],
    )
      .addPrimaryKeyConstraint('salon_settings_pk', ['tenant_id'] as never)
      .execute();
    await db.schema.alterTable('client_notes').addColumn('updated_by', 'text').execute();
    await db.schema.alterTable('client_notes').addColumn('updated_at', 'text').execute();
  },
});
