/**
 * Validates an e-invoice before it goes to the IRP: the schema 1.1 structure (zod), then the
 * arithmetic the IRP applies: AssAmt = TotAmt - Discount; CGST = SGST = AssAmt x rate / 2
 * intra-state, IGST = AssAmt x rate inter-state (and no heads of the other kind); cess =
 * AssAmt x cess rate; TotItemVal = AssAmt + heads; header values = sums of the items;
 * TotInvVal = AssVal + heads + OthChrg - Discount + RndOffAmt. Supplies to an SEZ and exports
 * (SupTyp SEZ* / EXP*) carry IGST only, even within the state; without payment (SEZWOP,
 * EXPWOP) every tax head is 0. Sums are exact, and so is each
 * computed tax head by default (`taxTolerancePaise` 0): the engine makes every head the rounded
 * product and relies on no IRP tolerance (ADR 0026).
 */
import { divRoundHalfUp } from '../../domain/money/money.js';
import { eInvoiceSchema, type EInvoice } from './e-invoice.schema.js';

/** One problem, with the JSON path of the field (`ItemList.0.CgstAmt`). */
export interface EInvoiceProblem {
  readonly path: string;
  readonly message: string;
}

const paise = (rupees: number | undefined) => Math.round((rupees ?? 0) * 100);
const bps = (rate: number | undefined) => Math.round((rate ?? 0) * 100);

function expectTax(
  problems: EInvoiceProblem[],
  path: string,
  actual: number | undefined,
  expected: number,
  tolerance: number,
) {
  if (Math.abs(paise(actual) - expected) > tolerance)
    problems.push({ path, message: `should be ${(expected / 100).toFixed(2)} (taxable value x rate)` });
}

function expectSum(
  problems: EInvoiceProblem[],
  path: string,
  actual: number | undefined,
  expected: number,
  what: string,
) {
  if (paise(actual) !== expected)
    problems.push({ path, message: `should be ${(expected / 100).toFixed(2)}, ${what}` });
}

function checkArithmetic(invoice: EInvoice, tolerance: number): EInvoiceProblem[] {
  const problems: EInvoiceProblem[] = [];
  const supTyp = invoice.TranDtls.SupTyp;
  const zeroRated = supTyp !== 'B2B';
  const withoutPayment = supTyp === 'SEZWOP' || supTyp === 'EXPWOP';
  const inter =
    zeroRated || (invoice.SellerDtls.Stcd !== invoice.BuyerDtls.Pos && invoice.TranDtls.IgstOnIntra !== 'Y');
  if (supTyp.startsWith('EXP') && invoice.BuyerDtls.Pos !== '96')
    problems.push({ path: 'BuyerDtls.Pos', message: 'an export has place of supply 96 (other countries)' });
  if (!supTyp.startsWith('EXP') && invoice.BuyerDtls.Gstin === 'URP')
    problems.push({ path: 'BuyerDtls.Gstin', message: 'only an export may have an unregistered buyer' });
  const note = invoice.DocDtls.Typ !== 'INV';
  if (note && (invoice.RefDtls?.PrecDocDtls?.length ?? 0) === 0)
    problems.push({
      path: 'RefDtls.PrecDocDtls',
      message: 'a credit or debit note names the invoice it adjusts',
    });
  // The IRP does not compare a note's heads with its rate (they follow the original invoice).
  const taxCheck = note ? () => undefined : expectTax;
  const sums = { ass: 0, cgst: 0, sgst: 0, igst: 0, cess: 0 };
  invoice.ItemList.forEach((item, index) => {
    const at = `ItemList.${index}`;
    const ass = paise(item.AssAmt);
    expectSum(
      problems,
      `${at}.AssAmt`,
      item.AssAmt,
      paise(item.TotAmt) - paise(item.Discount),
      'TotAmt - Discount',
    );
    const rate = withoutPayment ? 0n : BigInt(bps(item.GstRt));
    if (withoutPayment && paise(item.IgstAmt) + paise(item.CesAmt) !== 0)
      problems.push({ path: `${at}.IgstAmt`, message: 'a supply without payment of tax carries no tax' });
    if (inter) {
      taxCheck(
        problems,
        `${at}.IgstAmt`,
        item.IgstAmt,
        divRoundHalfUp(BigInt(ass) * rate, 10_000n),
        tolerance,
      );
      if (paise(item.CgstAmt) !== 0 || paise(item.SgstAmt) !== 0)
        problems.push({ path: `${at}.CgstAmt`, message: 'an inter-state supply carries IGST only' });
    } else {
      const half = divRoundHalfUp(BigInt(ass) * rate, 20_000n);
      taxCheck(problems, `${at}.CgstAmt`, item.CgstAmt, half, tolerance);
      taxCheck(problems, `${at}.SgstAmt`, item.SgstAmt, half, tolerance);
      if (paise(item.CgstAmt) !== paise(item.SgstAmt))
        problems.push({ path: `${at}.SgstAmt`, message: 'CGST and SGST must be equal' });
      if (paise(item.IgstAmt) !== 0)
        problems.push({ path: `${at}.IgstAmt`, message: 'an intra-state supply carries no IGST' });
    }
    taxCheck(
      problems,
      `${at}.CesAmt`,
      item.CesAmt,
      withoutPayment ? 0 : divRoundHalfUp(BigInt(ass) * BigInt(bps(item.CesRt)), 10_000n),
      tolerance,
    );
    const heads = paise(item.IgstAmt) + paise(item.CgstAmt) + paise(item.SgstAmt) + paise(item.CesAmt);
    expectSum(problems, `${at}.TotItemVal`, item.TotItemVal, ass + heads, 'AssAmt plus the tax amounts');
    sums.ass += ass;
    sums.cgst += paise(item.CgstAmt);
    sums.sgst += paise(item.SgstAmt);
    sums.igst += paise(item.IgstAmt);
    sums.cess += paise(item.CesAmt);
  });
  const val = invoice.ValDtls;
  expectSum(problems, 'ValDtls.AssVal', val.AssVal, sums.ass, 'the sum of AssAmt');
  expectSum(problems, 'ValDtls.CgstVal', val.CgstVal, sums.cgst, 'the sum of CgstAmt');
  expectSum(problems, 'ValDtls.SgstVal', val.SgstVal, sums.sgst, 'the sum of SgstAmt');
  expectSum(problems, 'ValDtls.IgstVal', val.IgstVal, sums.igst, 'the sum of IgstAmt');
  expectSum(problems, 'ValDtls.CesVal', val.CesVal, sums.cess, 'the sum of CesAmt');
  const total =
    paise(val.AssVal) +
    paise(val.CgstVal) +
    paise(val.SgstVal) +
    paise(val.IgstVal) +
    paise(val.CesVal) +
    paise(val.OthChrg) -
    paise(val.Discount) +
    paise(val.RndOffAmt);
  expectSum(problems, 'ValDtls.TotInvVal', val.TotInvVal, total, 'the values plus taxes and round-off');
  return problems;
}

/** Problems found in an e-invoice JSON value; an empty list means it passes. */
export function validateEInvoice(
  json: unknown,
  options: { taxTolerancePaise?: number } = {},
): EInvoiceProblem[] {
  const parsed = eInvoiceSchema.safeParse(json);
  if (!parsed.success)
    return parsed.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.'),
      message: issue.message,
    }));
  return checkArithmetic(parsed.data, options.taxTolerancePaise ?? 0);
}
