/**
 * The database type: the union of every capability's tables. Each capability declares its
 * tables in `tables/<area>.tables.ts` and adds them here.
 */
import type { AuditTables } from './tables/audit.tables.js';
import type { BillingTables } from './tables/billing.tables.js';
import type { CounterTables } from './tables/counter.tables.js';
import type { FoundationTables } from './tables/foundation.tables.js';
import type { GoodsReceiptTables } from './tables/goods-receipts.tables.js';
import type { IdentityTables } from './tables/identity.tables.js';
import type { IncidentTables } from './tables/incidents.tables.js';
import type { KeyTables } from './tables/keys.tables.js';
import type { LoginAttemptTables } from './tables/login-attempts.tables.js';
import type { OffersTables } from './tables/offers.tables.js';
import type { PrivacyTables } from './tables/privacy.tables.js';
import type { SalonTables } from './tables/salon.tables.js';
import type { AgriTables } from './tables/agri.tables.js';
import type { AgriVaultTables } from './tables/agri-vault.tables.js';
import type { SecurityAuditTables } from './tables/security-audit.tables.js';
import type { StoreTransferTables } from './tables/stores.tables.js';
import type { BackupTables } from './tables/backups.tables.js';
import type { FirstRunTables } from './tables/first-run.tables.js';
import type { OfflineTables } from './tables/offline.tables.js';

export type { Instant } from './tables/foundation.tables.js';

export interface Database
  extends
    FoundationTables,
    LoginAttemptTables,
    KeyTables,
    IdentityTables,
    AuditTables,
    BillingTables,
    PrivacyTables,
    IncidentTables,
    CounterTables,
    SecurityAuditTables,
    SalonTables,
    GoodsReceiptTables,
    OffersTables,
    AgriTables,
    AgriVaultTables,
    StoreTransferTables,
    BackupTables,
    FirstRunTables,
    OfflineTables {}
