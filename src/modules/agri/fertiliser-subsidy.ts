/**
 * Subsidised fertiliser (issue 17): a bill of fertiliser sold through the government PoS (iFMS)
 * records the PoS transaction reference and the bags (a registered checkout writer), and prints
 * them. Tijori never asks for or stores the farmer's Aadhaar number here: the PoS device does
 * the authentication, and an Aadhaar-shaped reference is refused at the boundary.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { invalid } from '../../domain/app-error.js';
import type { SaleWriter } from '../billing/checkout.service.js';
import { variantRules } from './batch.repository.js';

export const writeFertiliserSubsidy: SaleWriter = async (trx, actor, input, sale) => {
  const subsidy = input.fertiliserSubsidy;
  if (subsidy === undefined) return;
  const variantIds = sale.draft.lines.flatMap((l) => (l.variantId === null ? [] : [l.variantId]));
  const rules = await variantRules(trx, actor.tenantId, variantIds);
  if (![...rules.values()].some((r) => r.licenceKind === 'fertiliser'))
    throw invalid(
      'fertiliserSubsidy',
      'this bill has no fertiliser: the PoS reference belongs on a fertiliser bill',
    );
  await trx
    .insertInto('fertiliser_subsidy_sales')
    .values({
      tenant_id: actor.tenantId,
      document_id: sale.draft.id,
      pos_reference: subsidy.posReference,
      bags: subsidy.bags,
      created_at: sale.draft.issuedAt,
    })
    .execute();
};

/** The subsidy record of a bill, if any. */
export async function subsidyOf(
  db: Kysely<Database>,
  tenantId: string,
  documentId: string,
): Promise<{ posReference: string; bags: number } | undefined> {
  const row = await db
    .selectFrom('fertiliser_subsidy_sales')
    .select(['pos_reference', 'bags'])
    .where('tenant_id', '=', tenantId)
    .where('document_id', '=', documentId)
    .executeTakeFirst();
  return row === undefined ? undefined : { posReference: row.pos_reference, bags: row.bags };
}
