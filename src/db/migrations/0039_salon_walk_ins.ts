/**
 * The salon's walk-in queue (issue 16): a client who walks in waits with the service wanted and,
 * optionally, a preferred stylist; assigned to a free stylist, the entry leaves the queue and
 * becomes an appointment checked in at once (its id kept here).
 */
import { sql, type Kysely } from 'kysely';
import { columns } from './column-types.js';
import type { MigrationFactory } from './registry.js';

export const salonWalkIns: MigrationFactory = () => ({
  async up(db: Kysely<unknown>) {
    await columns(
      columns(db.schema.createTable('salon_walk_ins'), 'text', [
        'tenant_id',
        'id',
        'store_id',
        'customer_id?',
        'service_variant_id',
        'preferred_staff_id?',
        'status',
        'appointment_id?',
        'created_by',
        'joined_at',
        'updated_at',
      ]),
      'integer',
      ['queue_number'],
    )
      .addPrimaryKeyConstraint('salon_walk_ins_pk', ['tenant_id', 'id'] as never)
      .execute();
    await sql`create index salon_walk_ins_queue_idx on salon_walk_ins (tenant_id, store_id, status, joined_at)`.execute(
      db,
    );
  },
});
