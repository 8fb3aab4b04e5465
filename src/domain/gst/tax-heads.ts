/**
 * Tax heads: which taxes a supply carries (CGST + SGST, CGST + UTGST, or IGST) and their amounts.
 * Each head is computed separately from the taxable value and rounded half up to paise.
 */
import { divRoundHalfUp, percentOf, type BasisPoints, type Paise } from '../money/money.js';
import { usesUtgst, type StateCode } from './states.js';

/** The heads a supply carries: `none` on bills of supply. */
export type TaxRegime = 'cgst-sgst' | 'cgst-utgst' | 'igst' | 'none';

/** Tax amounts by head, in paise; heads a supply does not carry are 0. */
export interface TaxHeads {
  readonly cgst: Paise;
  readonly sgst: Paise;
  readonly utgst: Paise;
  readonly igst: Paise;
  readonly cess: Paise;
}

/** All heads zero. */
export const NO_TAX: TaxHeads = Object.freeze({ cgst: 0, sgst: 0, utgst: 0, igst: 0, cess: 0 });

/** The regime for a supplier state and a place of supply. */
export function taxRegimeFor(supplierState: StateCode, placeOfSupply: StateCode): TaxRegime {
  if (supplierState !== placeOfSupply) return 'igst';
  return usesUtgst(supplierState) ? 'cgst-utgst' : 'cgst-sgst';
}

/**
 * The heads on a taxable value: intra-state halves computed separately (each rounded to paise,
 * so CGST always equals SGST/UTGST), IGST at the full rate, cess at its own rate.
 */
export function computeTaxHeads(
  taxable: Paise,
  rate: BasisPoints,
  cessRate: BasisPoints,
  regime: TaxRegime,
): TaxHeads {
  if (regime === 'none') return NO_TAX;
  const cess = percentOf(taxable, cessRate);
  if (regime === 'igst') return { cgst: 0, sgst: 0, utgst: 0, igst: percentOf(taxable, rate), cess };
  const half = halfRate(taxable, rate);
  return regime === 'cgst-sgst'
    ? { cgst: half, sgst: half, utgst: 0, igst: 0, cess }
    : { cgst: half, sgst: 0, utgst: half, igst: 0, cess };
}

/** taxable x (rate / 2), rounded half up to paise (exact for odd basis points such as 0.25%). */
function halfRate(taxable: Paise, rate: BasisPoints): Paise {
  return divRoundHalfUp(BigInt(taxable) * BigInt(rate), 20_000n);
}

/** Sum of every head. */
export function totalTax(heads: TaxHeads): Paise {
  return heads.cgst + heads.sgst + heads.utgst + heads.igst + heads.cess;
}

/** Adds heads. */
export function addTaxHeads(a: TaxHeads, b: TaxHeads): TaxHeads {
  return {
    cgst: a.cgst + b.cgst,
    sgst: a.sgst + b.sgst,
    utgst: a.utgst + b.utgst,
    igst: a.igst + b.igst,
    cess: a.cess + b.cess,
  };
}

/** State/UT head as returns report it (`samt`, e-invoice `SgstAmt` include UTGST). */
export function stateOrUtTax(heads: TaxHeads): Paise {
  return heads.sgst + heads.utgst;
}
