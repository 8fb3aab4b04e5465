/**
 * Subsidised fertiliser (issue 17): a bill of fertiliser sold through the government PoS (iFMS)
 * records the PoS transaction reference and the bags (a registered checkout writer), and prints
 * them. A bill with an item of a category marked subsidised needs them; when those items are
 * counted in bags (UQC `BAG`) the bags must equal their quantity. Tijori never asks for or stores the farmer's Aadhaar number here: the PoS device does
 * the authentication, and an Aadhaar-shaped reference is refused at the boundary.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError, invalid } from '../../domain/app-error.js';
import type { SaleWriter } from '../billing/checkout.service.js';
import { variantRules } from './batch.repository.js';

export const writeFertiliserSubsidy: SaleWriter = async (trx, actor, input, sale) => {
  const subsidy = input.fertiliserSubsidy;
  const lines = sale.draft.lines.flatMap((l) =>
    l.variantId === null ? [] : [{ variantId: l.variantId, quantity: l.quantity }],
  );
  const rules = await variantRules(
    trx,
    actor.tenantId,
    lines.map((l) => l.variantId),
  );
  const subsidised = lines.filter((l) => rules.get(l.variantId)?.subsidised === true);
  if (subsidy === undefined) {
    if (subsidised.length > 0)
      throw new AppError(
        'validation_failed',
        "this bill has subsidised fertiliser: give the PoS transaction reference and the bags from the PoS device's slip",
        'fertiliserSubsidy',
        { reason: 'subsidy-needed' },
      );
    return;
  }
  if (![...rules.values()].some((r) => r.licenceKind === 'fertiliser'))
    throw invalid(
      'fertiliserSubsidy',
      'this bill has no fertiliser: the PoS reference belongs on a fertiliser bill',
    );
  // Counted in bags, the subsidised lines' quantity is the bags the PoS device sold.
  if (subsidised.length > 0 && subsidised.every((l) => rules.get(l.variantId)?.uqc === 'BAG')) {
    const bags = subsidised.reduce((sum, l) => sum + l.quantity, 0);
    if (bags !== subsidy.bags)
      throw new AppError(
        'validation_failed',
        `the bill sells ${String(bags)} bag(s) of subsidised fertiliser: the bags must match`,
        'fertiliserSubsidy.bags',
        { reason: 'subsidy-bags-mismatch', bags },
      );
  }
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
