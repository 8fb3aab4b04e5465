/** Data inventory of the first run's follow-up (see ../inventory.ts): no personal data. */
import { col, defineInventory } from '../inventory.js';
import type { FirstRunTables } from './first-run.tables.js';

const { op } = col;

export const firstRunInventory = defineInventory<FirstRunTables>({
  missing_detail_skips: {
    description: 'Which missing shop details (phone, email, UPI id, logo) an owner chose to give later',
    purposes: ['operations'],
    retention: 'while_needed',
    subject: { kind: 'staff', column: 'user_id' },
    columns: { tenant_id: op, user_id: op, store_id: op, detail: op, skipped_at: op },
  },
});
