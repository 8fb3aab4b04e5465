/**
 * The data inventory: every capability's declaration (`tables/<area>.inventory.ts`) joined, the
 * way `schema.ts` joins the table types. A capability that adds tables adds its declaration here;
 * `test/privacy/inventory.test.ts` fails while any column of the live database is unclassified.
 */
import type { ColumnSpec, TableSpec } from './inventory.js';
import type { Database } from './schema.js';
import { auditInventory } from './tables/audit.inventory.js';
import { billingInventory } from './tables/billing.inventory.js';
import { counterInventory } from './tables/counter.inventory.js';
import { goodsReceiptsInventory } from './tables/goods-receipts.inventory.js';
import { foundationInventory, loginAttemptInventory } from './tables/foundation.inventory.js';
import { identityInventory } from './tables/identity.inventory.js';
import { incidentsInventory } from './tables/incidents.inventory.js';
import { keysInventory } from './tables/keys.inventory.js';
import { offersInventory } from './tables/offers.inventory.js';
import { privacyInventory } from './tables/privacy.inventory.js';
import { salonInventory } from './tables/salon.inventory.js';
import { agriInventory } from './tables/agri.inventory.js';
import { agriVaultInventory } from './tables/agri-vault.inventory.js';
import { securityAuditInventory } from './tables/security-audit.inventory.js';
import { storeTransfersInventory } from './tables/stores.inventory.js';
import { backupsInventory } from './tables/backups.inventory.js';
import { firstRunInventory } from './tables/first-run.inventory.js';
import { offlineInventory } from './tables/offline.inventory.js';

/** Every table of the database with its classification. */
export const dataInventory: { readonly [T in keyof Database]: TableSpec<Database[T]> } = {
  ...foundationInventory,
  ...loginAttemptInventory,
  ...keysInventory,
  ...identityInventory,
  ...auditInventory,
  ...billingInventory,
  ...privacyInventory,
  ...incidentsInventory,
  ...counterInventory,
  ...goodsReceiptsInventory,
  ...securityAuditInventory,
  ...salonInventory,
  ...offersInventory,
  ...agriInventory,
  ...agriVaultInventory,
  ...storeTransfersInventory,
  ...backupsInventory,
  ...firstRunInventory,
  ...offlineInventory,
};

/** The declared tables, as plain records (for code that walks them by name). */
export function inventoryTables(): ReadonlyArray<[string, TableSpec<Record<string, unknown>>]> {
  return Object.entries(dataInventory);
}

/** The classification of one column, if declared. */
export function columnSpec(table: string, column: string): ColumnSpec | undefined {
  const spec = (dataInventory as unknown as Record<string, TableSpec<Record<string, unknown>>>)[table];
  return spec?.columns[column];
}
