/**
 * Forward-only migrations, in order. Each capability adds one file `NNNN_<area>.ts` and one line
 * below; a migration never changes once it has shipped. Migrations get the engine so that the
 * few statements that differ (triggers, binary columns) can be written for each.
 */
import type { Migration } from 'kysely';
import type { Engine } from '../database.js';
import { foundation } from './0001_foundation.js';
import { loginAttempts } from './0002_login_attempts.js';
import { identity } from './0003_identity.js';
import { keys } from './0005_keys.js';
import { audit } from './0006_audit.js';
import { billing } from './0007_billing.js';
import { securityAudit } from './0008_security_audit.js';
import { privacy } from './0009_privacy.js';
import { incidents } from './0010_incidents.js';
import { counter } from './0018_counter.js';
import { erasureEpochs } from './0021_erasure_epochs.js';
import { storeLogo } from './0022_store_logo.js';
import { goodsReceipts } from './0023_goods_receipts.js';
import { refundApprovals } from './0024_b_refund_approvals.js';
import { defaultDiscountAllowance } from './0024_default_discount_allowance.js';
import { offers } from './0025_offers.js';
import { salon } from './0026_salon.js';
import { auditCheckpointPermission } from './0027_audit_checkpoint_permission.js';
import { salonSessionLines } from './0028_salon_session_lines.js';
import { zeroRatedDebitNotes } from './0029_zero_rated_debit_notes.js';
import { agri } from './0032_agri.js';
import { fertiliserSubsidy } from './0032_b_fertiliser_subsidy.js';
import { debitNotePermission } from './0033_debit_note_permission.js';
import { agriKhata } from './0034_agri_khata.js';
import { exportPackageKeys } from './0035_export_package_keys.js';
import { stores } from './0036_stores.js';
import { backupSchedules } from './0037_backup_schedules.js';
import { salonReminders } from './0038_salon_reminders.js';
import { salonWalkIns } from './0039_salon_walk_ins.js';
import { agriVault } from './0043_agri_vault.js';
import { pepperGenerations } from './0044_pepper_generations.js';
import { ownerInvites } from './0045_owner_invites.js';
import { approvalOfferChanges } from './0047_approval_offer_changes.js';
import { missingDetailSkips } from './0049_missing_detail_skips.js';
import { agriCounterSettings } from './0050_agri_counter_settings.js';
import { offlineCounter } from './0056_offline_counter.js';

export type MigrationFactory = (engine: Engine) => Migration;

export const migrationFactories: ReadonlyArray<readonly [name: string, factory: MigrationFactory]> = [
  ['0001_foundation', foundation],
  ['0002_login_attempts', loginAttempts],
  ['0003_identity', identity],
  ['0005_keys', keys],
  ['0006_audit', audit],
  ['0007_billing', billing],
  ['0008_security_audit', securityAudit],
  ['0009_privacy', privacy],
  ['0010_incidents', incidents],
  ['0018_counter', counter],
  ['0021_erasure_epochs', erasureEpochs],
  ['0022_store_logo', storeLogo],
  ['0023_goods_receipts', goodsReceipts],
  ['0024_b_refund_approvals', refundApprovals],
  ['0024_default_discount_allowance', defaultDiscountAllowance],
  ['0025_offers', offers],
  ['0026_salon', salon],
  ['0027_audit_checkpoint_permission', auditCheckpointPermission],
  ['0028_salon_session_lines', salonSessionLines],
  ['0029_zero_rated_debit_notes', zeroRatedDebitNotes],
  ['0032_agri', agri],
  ['0032_b_fertiliser_subsidy', fertiliserSubsidy],
  ['0033_debit_note_permission', debitNotePermission],
  ['0034_agri_khata', agriKhata],
  ['0035_export_package_keys', exportPackageKeys],
  ['0036_stores', stores],
  ['0037_backup_schedules', backupSchedules],
  ['0038_salon_reminders', salonReminders],
  ['0039_salon_walk_ins', salonWalkIns],
  ['0043_agri_vault', agriVault],
  ['0044_pepper_generations', pepperGenerations],
  ['0045_owner_invites', ownerInvites],
  ['0047_approval_offer_changes', approvalOfferChanges],
  ['0049_missing_detail_skips', missingDetailSkips],
  ['0050_agri_counter_settings', agriCounterSettings],
  ['0056_offline_counter', offlineCounter],
];
