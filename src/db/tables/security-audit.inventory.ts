/** Data inventory of the self-audit, backup records and access reviews (see ../inventory.ts). */
import { col, defineInventory } from '../inventory.js';
import type { SecurityAuditTables } from './security-audit.tables.js';

const { op } = col;

export const securityAuditInventory = defineInventory<SecurityAuditTables>({
  security_audit_runs: {
    description: 'Self-audit runs with their reports (counts, ids and masked samples only)',
    purposes: ['security'],
    retention: 'evidence',
    columns: {
      tenant_id: op,
      id: op,
      trigger: op,
      requested_by: op,
      status: op,
      started_at: op,
      finished_at: op,
      score: op,
      pass_count: op,
      warn_count: op,
      fail_count: op,
      unknown_count: op,
      error_count: op,
      report: op,
      error: op,
    },
  },
  backup_records: {
    description: 'Backups written and test restores of them (ids, hashes, outcomes)',
    purposes: ['security', 'operations'],
    retention: 'evidence',
    columns: {
      id: op,
      kind: op,
      occurred_at: op,
      outcome: op,
      backup_id: op,
      file_hash: op,
      format: op,
      recipient_key_id: op,
      details: op,
    },
  },
  access_review_settings: {
    description: 'How often a shop reviews access, and how long reviewers have',
    purposes: ['security'],
    retention: 'while_needed',
    columns: { tenant_id: op, frequency_months: op, due_days: op, updated_at: op },
  },
  access_review_campaigns: {
    description: 'Access-review campaigns per period',
    purposes: ['security', 'staff_administration'],
    retention: 'evidence',
    columns: {
      tenant_id: op,
      id: op,
      period: op,
      trigger: op,
      status: op,
      created_by: op,
      created_at: op,
      due_at: op,
      closed_at: op,
      escalated_at: op,
    },
  },
  access_review_items: {
    description: "Each user's role grant to confirm or remove, and the decision",
    purposes: ['security', 'staff_administration'],
    retention: 'evidence',
    subject: { kind: 'staff', column: 'user_id' },
    columns: {
      tenant_id: op,
      id: op,
      campaign_id: op,
      user_id: op,
      role_id: op,
      role_name: op,
      store_id: op,
      reviewer_scope: op,
      decision: op,
      decided_by: op,
      decided_at: op,
      escalated_at: op,
    },
  },
});
