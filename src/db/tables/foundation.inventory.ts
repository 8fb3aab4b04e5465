/** Data inventory of the foundation tables and of sign-in attempts (see ../inventory.ts). */
import { col, defineInventory } from '../inventory.js';
import type { FoundationTables } from './foundation.tables.js';
import type { LoginAttemptTables } from './login-attempts.tables.js';

const { op, tax, secret } = col;

export const foundationInventory = defineInventory<FoundationTables>({
  installation: {
    description: 'The installation and its one-time setup code',
    purposes: ['operations'],
    retention: 'while_needed',
    columns: {
      id: op,
      created_at: op,
      setup_code_hash: secret,
      setup_code_expires_at: op,
      setup_completed_at: op,
    },
  },
  tenants: {
    description: 'Businesses',
    purposes: ['operations'],
    retention: 'while_needed',
    columns: { id: op, name: tax, status: op, created_at: op },
  },
  stores: {
    description:
      "Stores with the GSTIN and address printed on their documents (the supplier's, not a person's)",
    purposes: ['billing', 'gst_compliance'],
    retention: 'while_needed',
    columns: { tenant_id: op, id: op, name: tax, gstin: tax, state_code: tax, address: tax, created_at: op },
  },
  counters: {
    description: 'Billing counters of a store',
    purposes: ['operations'],
    retention: 'while_needed',
    columns: { tenant_id: op, id: op, store_id: op, name: op, created_at: op },
  },
  users: {
    description: 'Staff members (their personal details are in user_accounts)',
    purposes: ['staff_administration'],
    retention: 'while_needed',
    subject: { kind: 'staff', column: 'id' },
    columns: { tenant_id: op, id: op, status: op, created_at: op, updated_at: op },
  },
});

export const loginAttemptInventory = defineInventory<LoginAttemptTables>({
  login_attempts: {
    description: 'Every sign-in attempt: source address, device and outcome (throttling and detectors)',
    purposes: ['security'],
    retention: 'login_attempts',
    subject: { kind: 'staff', column: 'user_id' },
    columns: {
      id: op,
      tenant_id: op,
      user_id: op,
      account_key: col.blindIndex('staff_identity'),
      source_ip: col.personal('device_network'),
      source_network: col.personal('device_network'),
      device_id: col.personal('device_network'),
      outcome: op,
      reason: op,
      created_at: op,
    },
  },
});
