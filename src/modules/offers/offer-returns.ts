/**
 * Returns of offer items (ADR 0029, "Returns"): a return refunds what the customer paid for the
 * returned pieces, less the benefit that no longer holds for the pieces kept. For each buy X get
 * Y, bundle or bill offer of the invoice that took from a returned line, the pieces kept are
 * priced again under that offer alone (its rule as recorded now, whatever its dates): the benefit
 * withdrawn is what the kept pieces were given less what they would be given now, never below
 * zero, and never more than the refund of the offer's returned lines.
 *
 * Buy 2 get 1 on six shirts at Rs 999 (Rs 333 off each): returning two keeps four, which still
 * earn one free shirt (Rs 999); they had been given 4 x 333 = Rs 1,332, so Rs 333 is withdrawn
 * and the refund is 2 x 666 - 333 = Rs 999: the four kept cost Rs 2,997, three at full price.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { splitTax, totalTax, type IssuedLine, type TaxRegime } from '../../domain/gst/index.js';
import { quoteOffers, spread, type OfferLine } from '../../domain/offers/index.js';
import { loadOffers } from './offer.repository.js';

/** A benefit taken back by a return, in the invoice's price terms. */
export interface WithdrawnBenefit {
  offerId: string;
  name: string;
  paise: number;
  /** Invoice lines (from 1) the offer applied to. */
  lines: number[];
}

const WITHDRAWABLE = new Set(['buy-x-get-y', 'bundle', 'bill-threshold']);

/**
 * The benefits a return withdraws. `before` and `now` are the quantities (thousandths) of each
 * invoice line credited before this note and by it.
 */
export async function withdrawnBenefits(
  db: Kysely<Database>,
  tenantId: string,
  invoiceId: string,
  lines: readonly IssuedLine[],
  before: ReadonlyMap<number, number>,
  now: ReadonlyMap<number, number>,
): Promise<WithdrawnBenefit[]> {
  if (now.size === 0) return [];
  const savings = await db
    .selectFrom('sales_line_savings')
    .select(['line_no', 'source_id', 'name', 'saving'])
    .where('tenant_id', '=', tenantId)
    .where('document_id', '=', invoiceId)
    .where('source', '=', 'offer')
    .orderBy('line_no')
    .orderBy('seq')
    .execute();
  const offerIds = [...new Set(savings.filter((s) => now.has(s.line_no)).map((s) => s.source_id))].sort();
  if (offerIds.length === 0) return [];
  const offers = (await Promise.all(offerIds.map((id) => loadOffers(db, tenantId, { id })))).flat();
  const variantIds = [...new Set(lines.flatMap((l) => (l.itemId ? [l.itemId] : [])))];
  const attributes =
    variantIds.length === 0
      ? []
      : await db
          .selectFrom('item_variants as v')
          .innerJoin('items as i', (j) =>
            j.onRef('i.tenant_id', '=', 'v.tenant_id').onRef('i.id', '=', 'v.item_id'),
          )
          .select(['v.id', 'v.item_id', 'v.mrp', 'i.brand', 'i.category', 'i.collection'])
          .where('v.tenant_id', '=', tenantId)
          .where('v.id', 'in', variantIds)
          .execute();
  const out: WithdrawnBenefit[] = [];
  for (const offer of offers) {
    if (!WITHDRAWABLE.has(offer.rule.kind)) continue;
    const mine = savings.filter((s) => s.source_id === offer.id);
    let given = 0;
    const kept: { line: IssuedLine; pieces: number }[] = [];
    for (const s of mine) {
      const line = lines.find((l) => l.number === s.line_no);
      if (line === undefined) continue;
      const sold = Math.round(line.quantity * 1000);
      const left = sold - (before.get(line.number) ?? 0) - (now.get(line.number) ?? 0);
      given += Math.floor((s.saving * left) / sold);
      if (left > 0) kept.push({ line, pieces: left / 1000 });
    }
    const cart: OfferLine[] = kept.map(({ line, pieces }) => {
      const a = attributes.find((r) => r.id === line.itemId);
      return {
        variantId: line.itemId ?? '',
        itemId: a?.item_id ?? '',
        category: a?.category ?? null,
        brand: a?.brand ?? null,
        collection: a?.collection ?? null,
        quantity: pieces,
        unitPricePaise: line.unitPricePaise,
        mrpPaise: null,
      };
    });
    const still =
      cart.length === 0
        ? 0
        : (quoteOffers(
            cart,
            [],
            [
              {
                ...offer,
                active: true,
                storeId: null,
                customerGroup: null,
                couponRequired: false,
                startsAt: '1970-01-01T00:00:00.000Z',
                endsAt: null,
              },
            ],
            {
              at: '1970-01-01T00:00:00.000Z',
              storeId: '',
              customerGroup: null,
              coupons: new Map(),
            },
          ).applied[0]?.savingPaise ?? 0);
    const paise = Math.max(0, given - still);
    if (paise > 0)
      out.push({
        offerId: offer.id,
        name: offer.name,
        paise,
        lines: [...new Set(mine.map((s) => s.line_no))],
      });
  }
  return out;
}

/** A credit note line after a withdrawal of `paise` (price terms) from its total. */
export function lessWithdrawn<L extends IssuedLine>(line: L, paise: number, regime: TaxRegime): L {
  if (paise <= 0) return line;
  const inTotal = line.priceIncludesTax
    ? paise
    : paise + Math.round((paise * (line.rate + line.cessRate)) / 10_000);
  const total = Math.max(0, line.totalPaise - inTotal);
  const { taxable, taxes } = splitTax(
    total,
    true,
    line.rate,
    line.cessRate,
    line.supply === 'taxable' ? regime : 'none',
  );
  return {
    ...line,
    discountPaise: line.grossPaise - taxable,
    taxablePaise: taxable,
    taxes,
    totalPaise: taxable + totalTax(taxes),
  };
}

/** Spreads each withdrawal over the note's lines of its offer, in proportion to their totals (capped by them). */
export function applyWithdrawals<L extends IssuedLine & { origLineNo: number }>(
  noteLines: readonly L[],
  withdrawn: readonly WithdrawnBenefit[],
  regime: TaxRegime,
): L[] {
  const off = new Map<number, number>();
  for (const w of withdrawn) {
    const targets = noteLines.filter((l) => w.lines.includes(l.origLineNo));
    const room = targets.map((l) => Math.max(0, l.totalPaise - (off.get(l.origLineNo) ?? 0)));
    const amount = Math.min(
      w.paise,
      room.reduce((s, v) => s + v, 0),
    );
    spread(amount, room).forEach((p, i) => {
      const l = targets[i];
      if (l !== undefined) off.set(l.origLineNo, (off.get(l.origLineNo) ?? 0) + p);
    });
  }
  return noteLines.map((l) => lessWithdrawn(l, off.get(l.origLineNo) ?? 0, regime));
}
