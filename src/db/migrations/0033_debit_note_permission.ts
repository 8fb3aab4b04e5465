/**
 * Debit notes get their own permission, `debit_note.create` (issue 18): until now
 * `POST /debit-notes` needed `credit_note.create`. Every role that holds `credit_note.create`
 * (built-in or custom, in every tenant) is granted the new one, so nobody loses what they could
 * do; from now on the two can be given separately. No table changes.
 */
import { sql, type Kysely } from 'kysely';
import type { MigrationFactory } from './registry.js';

export const debitNotePermission: MigrationFactory = () => ({
  async up(db: Kysely<unknown>) {
    await sql`insert into role_permissions (tenant_id, role_id, permission)
      select tenant_id, role_id, ${'debit_note.create'} from role_permissions
      where permission = ${'credit_note.create'}
      on conflict do nothing`.execute(db);
  },
});
