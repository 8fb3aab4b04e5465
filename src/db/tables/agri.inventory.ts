/** Data inventory of agri-input billing (see ../inventory.ts): business records, no personal data. */
import { col, defineInventory } from '../inventory.js';
import type { AgriTables } from './agri.tables.js';

const { op } = col;

export const agriInventory = defineInventory<AgriTables>({
  agri_category_rules: {
    description: 'Per item category: whether it is sold by batch and the dealer licence it needs',
    purposes: ['operations'],
    retention: 'while_needed',
    columns: {
      tenant_id: op,
      category: op,
      needs_batch: op,
      licence_kind: op,
      subsidised: op,
      updated_at: op,
    },
  },
  stock_batches: {
    description: 'Stock per batch of agri inputs: batch number, manufacturing and expiry dates, quantities',
    purposes: ['operations', 'gst_compliance'],
    retention: 'while_needed',
    columns: {
      tenant_id: op,
      id: op,
      store_id: op,
      variant_id: op,
      batch_no: op,
      mfg_date: op,
      expiry_date: op,
      receipt_id: op,
      qty_milli: op,
      expired_milli: op,
      created_at: op,
      updated_at: op,
    },
  },
  batch_movements: {
    description: 'Every change of a batch: received, sold, segregated as expired, disposed (stock register)',
    purposes: ['operations', 'gst_compliance'],
    retention: 'tax_records',
    columns: {
      tenant_id: op,
      id: op,
      batch_id: op,
      store_id: op,
      variant_id: op,
      kind: op,
      qty_milli: op,
      expired_milli: op,
      ref_type: op,
      ref_id: op,
      line_no: op,
      actor_id: op,
      created_at: op,
    },
  },
  agri_settings: {
    description:
      "The shop's agri-input settings: how many days before expiry a batch counts as expiring soon",
    purposes: ['operations'],
    retention: 'while_needed',
    columns: { tenant_id: op, near_expiry_days: op, updated_by: op, updated_at: op },
  },
  fertiliser_subsidy_sales: {
    description:
      'The government PoS (iFMS) transaction reference and bag count of subsidised fertiliser bills',
    purposes: ['billing', 'gst_compliance'],
    retention: 'tax_records',
    columns: { tenant_id: op, document_id: op, pos_reference: op, bags: op, created_at: op },
  },
  khata_settings: {
    description: "The shop's khata settings: interest on overdue amounts, season due days, reminders",
    purposes: ['credit_ledger'],
    retention: 'while_needed',
    columns: {
      tenant_id: op,
      interest_enabled: op,
      interest_rate_bp: op,
      grace_days: op,
      kharif_due: op,
      rabi_due: op,
      zaid_due: op,
      reminders_enabled: op,
      updated_by: op,
      updated_at: op,
    },
  },
  khata_reminders: {
    description: 'Overdue-khata SMS reminders queued per farmer and due date (no contact details)',
    purposes: ['credit_ledger'],
    retention: 'while_needed',
    subject: { kind: 'customer', column: 'customer_id' },
    columns: { tenant_id: op, customer_id: op, due_date: op, delivery_id: op, created_at: op },
  },
  dealer_licences: {
    description: "The store's dealer licences (pesticide, fertiliser, seed): number and validity",
    purposes: ['operations', 'gst_compliance'],
    retention: 'while_needed',
    columns: {
      tenant_id: op,
      store_id: op,
      kind: op,
      number: op,
      valid_from: op,
      valid_until: op,
      updated_by: op,
      updated_at: op,
    },
  },
});
