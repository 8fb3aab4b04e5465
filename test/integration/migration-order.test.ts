/**
 * Upgrades keep working: an installation that ran every migration of an earlier release must
 * accept this release's migrations. The migrator runs them in name order and refuses a database
 * whose executed migrations are not the first ones of the list, so a new migration must sort
 * after every released one (a new file numbered below a released one would stop an upgraded
 * shop at start). RELEASED lists the migrations of the last release, in order.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator, type Migration } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { migrationFactories } from '../../src/db/migrations/registry.js';

const RELEASED = [
  '0001_foundation',
  '0002_login_attempts',
  '0003_identity',
  '0005_keys',
  '0006_audit',
  '0007_billing',
  '0008_security_audit',
  '0009_privacy',
  '0010_incidents',
  '0018_counter',
  '0021_erasure_epochs',
  '0022_store_logo',
  '0023_goods_receipts',
  '0024_b_refund_approvals',
  '0024_default_discount_allowance',
  '0025_offers',
  '0026_salon',
  '0027_audit_checkpoint_permission',
  '0028_salon_session_lines',
  '0029_zero_rated_debit_notes',
  '0032_agri',
  '0032_b_fertiliser_subsidy',
  '0033_debit_note_permission',
  '0034_agri_khata',
  '0035_export_package_keys',
  '0036_stores',
  '0037_backup_schedules',
  '0038_salon_reminders',
  '0039_salon_walk_ins',
  '0043_agri_vault',
  '0044_pepper_generations',
  '0045_owner_invites',
  '0047_approval_offer_changes',
];

const names = migrationFactories.map(([name]) => name);

describe('migration order across releases', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tijori-migration-order-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists migrations in strictly ascending name order', () => {
    expect([...names].sort()).toEqual(names);
    expect(new Set(names).size).toBe(names.length);
  });

  it('keeps the released migrations first, so new ones sort after every released one', () => {
    expect(names.slice(0, RELEASED.length)).toEqual(RELEASED);
  });

  it('upgrades a database migrated by the last release to the latest', async () => {
    const handle = openDatabase({ sqlitePath: join(dir, 'released.sqlite') });
    try {
      const released: Record<string, Migration> = {};
      for (const [name, factory] of migrationFactories)
        if (RELEASED.includes(name)) released[name] = factory(handle.engine);
      const { error } = await new Migrator({
        db: handle.db,
        provider: { getMigrations: () => Promise.resolve(released) },
      }).migrateToLatest();
      expect(error).toBeUndefined();
      const applied = await migrateToLatest(handle);
      expect(applied).toEqual(names.slice(RELEASED.length));
    } finally {
      await handle.close();
    }
  });
});
