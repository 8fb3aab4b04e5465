/**
 * The staff of each invoice line (`staffIds`, optional `staffShares` in basis points; equal shares
 * when absent), checked and written in the sale's transaction: a registered checkout writer, so
 * every sale through `/invoices` and the salon's counter records who performed what. A service
 * with a list of staff who may perform it refuses anyone else.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { invalid } from '../../domain/app-error.js';
import { equalShares, validShares } from '../../domain/salon/shares.js';
import type { SaleWriter } from '../billing/checkout.service.js';
import { requireStaff } from './salon-staff.js';

export const writeLineStaff: SaleWriter = async (trx, actor, input, sale) => {
  const rows: Database['invoice_line_staff'][] = [];
  for (const [i, line] of input.lines.entries()) {
    const field = `lines.${i}.staffIds`;
    if (line.staffIds === undefined) {
      if (line.staffShares !== undefined)
        throw invalid(`lines.${i}.staffShares`, 'give staffIds with shares');
      continue;
    }
    const shares = line.staffShares ?? equalShares(line.staffIds.length);
    if (shares.length !== line.staffIds.length || !validShares(shares))
      throw invalid(`lines.${i}.staffShares`, 'one share per staff member, together 10000 (100 %)');
    await requireStaff(trx, actor.tenantId, line.staffIds, field);
    const variantId = sale.draft.lines[i]?.variantId ?? null;
    if (variantId !== null) await requireMayPerform(trx, actor.tenantId, variantId, line.staffIds, field);
    line.staffIds.forEach((staffId, k) =>
      rows.push({
        tenant_id: actor.tenantId,
        document_id: sale.draft.id,
        line_number: i + 1,
        staff_id: staffId,
        share_bp: shares[k] ?? 0,
        created_at: sale.draft.issuedAt,
      }),
    );
  }
  if (rows.length > 0) await trx.insertInto('invoice_line_staff').values(rows).execute();
};

/** A service with a staff list may be performed only by those on it. */
export async function requireMayPerform(
  db: Kysely<Database>,
  tenantId: string,
  variantId: string,
  staffIds: readonly string[],
  field: string,
): Promise<void> {
  const allowed = await db
    .selectFrom('salon_service_staff')
    .select('staff_id')
    .where('tenant_id', '=', tenantId)
    .where('variant_id', '=', variantId)
    .execute();
  if (allowed.length === 0) return;
  const set = new Set(allowed.map((a) => a.staff_id));
  if (staffIds.some((s) => !set.has(s)))
    throw invalid(field, 'this staff member does not perform this service');
}
