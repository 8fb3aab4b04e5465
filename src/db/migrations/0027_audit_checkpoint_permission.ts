/**
 * Signing an audit checkpoint on demand is a write: it gets its own permission, `audit.checkpoint`,
 * held by the built-in owner, admin and auditor roles (as in `permissions.ts`). Before this,
 * `POST /audit/checkpoints` needed only `audit.read`. No table changes.
 */
import { sql, type Kysely } from 'kysely';
import type { MigrationFactory } from './registry.js';

const GRANTED_TO = ['owner', 'admin', 'auditor'] as const;

export const auditCheckpointPermission: MigrationFactory = () => ({
  async up(db: Kysely<unknown>) {
    await sql`insert into role_permissions (tenant_id, role_id, permission)
      select tenant_id, id, ${'audit.checkpoint'} from roles
      where builtin = 1 and name in (${sql.join([...GRANTED_TO])})
      on conflict do nothing`.execute(db);
  },
});
