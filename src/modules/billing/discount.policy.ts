/**
 * What a cart takes off the catalog's prices, and whether that needs a manager (pure). A person
 * without `discount.override` may give each line a discount up to the shop's allowance (a
 * percentage of the line's price, 0 by default); a bigger discount or any changed price needs the
 * permission, or a manager's approval covering the bill's whole reduction.
 */
import type { CartLine } from './checkout.schemas.js';
import { toMilli } from '../../kernel/schema-atoms.js';

/** The first line that goes beyond the allowance, by the field at fault. */
export interface BeyondAllowance {
  index: number;
  field: 'unitPricePaise' | 'discountPaise';
}

export interface CartReduction {
  /** Discounts plus lowered prices over the whole bill, in paise. */
  reductionPaise: number;
  /** Null when every line stays within the allowance. */
  beyond: BeyondAllowance | null;
}

/** Paise of `unitPaise` times a quantity with up to 3 decimals, rounded half up. */
function timesQuantity(unitPaise: number, quantity: number): number {
  return Math.round((unitPaise * toMilli(quantity)) / 1000);
}

/**
 * The reduction of each line against its catalog price. `catalogPaise[i]` is line i's price in
 * the catalog; `allowancePercent` is the shop's setting.
 */
export function cartReduction(
  lines: readonly Pick<CartLine, 'quantity' | 'unitPricePaise' | 'discountPaise'>[],
  catalogPaise: readonly number[],
  allowancePercent: number,
): CartReduction {
  let reductionPaise = 0;
  let beyond: BeyondAllowance | null = null;
  lines.forEach((line, index) => {
    const catalog = catalogPaise[index] ?? 0;
    const unit = line.unitPricePaise ?? catalog;
    const discount = line.discountPaise ?? 0;
    if (unit !== catalog) {
      reductionPaise += Math.max(timesQuantity(catalog - unit, line.quantity), 0);
      beyond ??= { index, field: 'unitPricePaise' };
    }
    reductionPaise += discount;
    // The allowance is a share of what the line costs before the discount.
    const allowed = Math.floor((timesQuantity(unit, line.quantity) * allowancePercent) / 100);
    if (discount > allowed) beyond ??= { index, field: 'discountPaise' };
  });
  return { reductionPaise, beyond };
}

/** What a sale's offers ask of a manager: offers left out, offers applied anyway and their saving. */
export interface OfferOverrides {
  readonly skipped: readonly string[];
  readonly forced: readonly string[];
  readonly forcedSavingPaise: number;
}

/**
 * The sale's whole reduction (discounts, lowered prices and what applied-anyway offers take
 * off) and the field that needs a manager, or null when nothing does: a line beyond the
 * allowance first, then an offer left out (`offers.skip`), then one applied anyway
 * (`offers.force`).
 */
export function saleReduction(
  lines: readonly Pick<CartLine, 'quantity' | 'unitPricePaise' | 'discountPaise'>[],
  catalogPaise: readonly number[],
  allowancePercent: number,
  offers: OfferOverrides | null,
): { reductionPaise: number; field: string | null } {
  const { reductionPaise, beyond } = cartReduction(lines, catalogPaise, allowancePercent);
  const field =
    beyond !== null
      ? `lines.${String(beyond.index)}.${beyond.field}`
      : (offers?.skipped.length ?? 0) > 0
        ? 'offers.skip'
        : (offers?.forced.length ?? 0) > 0
          ? 'offers.force'
          : null;
  return { reductionPaise: reductionPaise + (offers?.forcedSavingPaise ?? 0), field };
}
