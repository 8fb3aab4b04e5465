/** Data inventory of the offline counter (see ../inventory.ts). */
import { col, defineInventory } from '../inventory.js';
import type { OfflineTables } from './offline.tables.js';

const { op, tax } = col;

export const offlineInventory = defineInventory<OfflineTables>({
  counter_series: {
    description: "Each counter's own invoice series for sales made while the server cannot be reached",
    purposes: ['gst_compliance', 'operations'],
    retention: 'while_needed',
    columns: { tenant_id: op, counter_id: op, store_id: op, code: tax, created_at: op },
  },
  counter_keys: {
    description: "Keys that encrypt a counter's offline cache and queue, one per counter and session",
    purposes: ['security', 'operations'],
    retention: 'while_needed',
    columns: {
      tenant_id: op,
      id: op,
      counter_id: op,
      store_id: op,
      session_id: op,
      user_id: op,
      key_enc: { ...col.secret, encrypted: true },
      state: op,
      created_at: op,
      closed_at: op,
    },
  },
  counter_number_blocks: {
    description: 'Blocks of invoice numbers a counter reserved for offline sales, and what became of them',
    purposes: ['gst_compliance', 'operations'],
    retention: 'while_needed',
    columns: {
      tenant_id: op,
      id: op,
      counter_id: op,
      store_id: op,
      key_id: op,
      series_key: tax,
      fy: tax,
      first_seq: tax,
      last_seq: tax,
      used_to: tax,
      state: op,
      created_at: op,
      closed_at: op,
    },
  },
  offline_sales: {
    description: 'Offline sales that reached the server: the number used, when made and when arrived',
    purposes: ['billing', 'gst_compliance'],
    retention: 'while_needed',
    columns: {
      tenant_id: op,
      block_id: op,
      seq: tax,
      counter_id: op,
      document_id: op,
      made_at: tax,
      arrived_at: op,
    },
  },
});
