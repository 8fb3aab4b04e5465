/**
 * Prices a debit note (pure): a price increase after the supply (CGST Act s.34(3)), line by line
 * of the original invoice. The increase is given as taxable value (before tax); each tax head is
 * the rounded product at the line's rate under the invoice's heads (ADR 0026). Lines of a supply
 * without IGST (under LUT) and nil, exempt or non-GST lines carry no tax.
 */
import { invalid } from '../../domain/app-error.js';
import {
  computeTaxHeads,
  isWithoutPayment,
  totalTax,
  type IssuedDocument,
  type IssuedLine,
  type TaxRegime,
} from '../../domain/gst/index.js';

/** One line of a debit note: the invoice line and the increase of its taxable value. */
export interface DebitLineRequest {
  lineNumber: number;
  taxablePaise: number;
}

/** The heads an adjustment of this invoice's lines carries (none without payment of IGST). */
export function adjustmentRegime(doc: Pick<IssuedDocument, 'regime' | 'supplyType'>): TaxRegime {
  return isWithoutPayment(doc.supplyType) ? 'none' : doc.regime;
}

/** The debit note's lines, numbered from 1; each invoice line at most once. */
export function priceDebitLines(
  original: readonly IssuedLine[],
  requests: readonly DebitLineRequest[],
  regime: TaxRegime,
): (IssuedLine & { origLineNo: number })[] {
  const seen = new Set<number>();
  return requests.map((request, i) => {
    const line = original.find((l) => l.number === request.lineNumber);
    if (line === undefined) throw invalid(`lines.${i}.lineNumber`, 'the invoice has no such line');
    if (seen.has(line.number)) throw invalid(`lines.${i}.lineNumber`, 'name each invoice line once');
    seen.add(line.number);
    const taxable = request.taxablePaise;
    const taxes = computeTaxHeads(
      taxable,
      line.rate,
      line.cessRate,
      line.supply === 'taxable' ? regime : 'none',
    );
    return {
      ...line,
      number: i + 1,
      origLineNo: line.number,
      quantity: 0,
      grossPaise: taxable,
      discountPaise: 0,
      taxablePaise: taxable,
      taxes,
      totalPaise: taxable + totalTax(taxes),
    };
  });
}
