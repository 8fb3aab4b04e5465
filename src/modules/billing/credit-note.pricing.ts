/**
 * Prices a credit note from the original invoice (pure): returned quantities take their share of
 * the line's taxable value and taxes; a value-only correction credits an amount inclusive of tax
 * at the line's rate. The return that completes a line takes exactly what is left of it, so the
 * credit notes of a fully returned invoice add up to the invoice to the paisa.
 */
import { invalid } from '../../domain/app-error.js';
import {
  addTaxHeads,
  computeTaxHeads,
  NO_TAX,
  splitTax,
  totalTax,
  type IssuedLine,
  type TaxHeads,
  type TaxRegime,
} from '../../domain/gst/index.js';
import { divRoundHalfUp } from '../../domain/money/index.js';

/** What earlier credit notes already took from one invoice line. */
export interface Credited {
  qtyMilli: number;
  grossPaise: number;
  taxablePaise: number;
  taxes: TaxHeads;
}

export const NOTHING_CREDITED: Credited = { qtyMilli: 0, grossPaise: 0, taxablePaise: 0, taxes: NO_TAX };

export type NoteLineRequest =
  { lineNumber: number; quantity: number; restock?: boolean } | { lineNumber: number; amountPaise: number };

export interface NoteLine extends IssuedLine {
  origLineNo: number;
  restocked: boolean;
}

function subtractHeads(a: TaxHeads, b: TaxHeads): TaxHeads {
  return {
    cgst: a.cgst - b.cgst,
    sgst: a.sgst - b.sgst,
    utgst: a.utgst - b.utgst,
    igst: a.igst - b.igst,
    cess: a.cess - b.cess,
  };
}

const lineRegime = (line: IssuedLine, regime: TaxRegime): TaxRegime =>
  line.supply === 'taxable' ? regime : 'none';

function returnLine(
  line: IssuedLine,
  credited: Credited,
  qtyMilli: number,
  regime: TaxRegime,
  field: string,
): Omit<NoteLine, 'number' | 'restocked'> {
  const total = Math.round(line.quantity * 1000);
  const left = total - credited.qtyMilli;
  if (qtyMilli > left) throw invalid(field, `at most ${left / 1000} of this line can still be returned`);
  const completes = qtyMilli === left;
  const share = (value: number) => divRoundHalfUp(BigInt(value) * BigInt(qtyMilli), total);
  // After a value correction on the line, a partial return never takes more than is left.
  const taxable = completes
    ? line.taxablePaise - credited.taxablePaise
    : Math.min(share(line.taxablePaise), line.taxablePaise - credited.taxablePaise);
  const gross = completes ? line.grossPaise - credited.grossPaise : Math.max(share(line.grossPaise), taxable);
  const taxes = completes
    ? subtractHeads(line.taxes, credited.taxes)
    : computeTaxHeads(taxable, line.rate, line.cessRate, lineRegime(line, regime));
  return {
    ...line,
    origLineNo: line.number,
    quantity: qtyMilli / 1000,
    grossPaise: gross,
    discountPaise: gross - taxable,
    taxablePaise: taxable,
    taxes,
    totalPaise: taxable + totalTax(taxes),
  };
}

function correctionLine(
  line: IssuedLine,
  credited: Credited,
  amount: number,
  regime: TaxRegime,
  field: string,
): Omit<NoteLine, 'number' | 'restocked'> {
  const left = line.totalPaise - credited.taxablePaise - totalTax(credited.taxes);
  if (amount > left) throw invalid(field, `at most ${left} paise of this line can still be credited`);
  // The credit that completes a line takes exactly what is left of its taxable value and taxes,
  // so the notes of a fully credited line add up to it to the paisa.
  const { taxable, taxes } =
    amount === left
      ? {
          taxable: line.taxablePaise - credited.taxablePaise,
          taxes: subtractHeads(line.taxes, credited.taxes),
        }
      : splitTax(amount, true, line.rate, line.cessRate, lineRegime(line, regime));
  return {
    ...line,
    origLineNo: line.number,
    quantity: 0,
    grossPaise: taxable,
    discountPaise: 0,
    taxablePaise: taxable,
    taxes,
    totalPaise: taxable + totalTax(taxes),
  };
}

/** The credit note's lines; each invoice line at most once per note. */
export function priceNoteLines(
  original: readonly IssuedLine[],
  credited: ReadonlyMap<number, Credited>,
  requests: readonly NoteLineRequest[],
  regime: TaxRegime,
): NoteLine[] {
  const seen = new Set<number>();
  return requests.map((request, i) => {
    const line = original.find((l) => l.number === request.lineNumber);
    if (line === undefined) throw invalid(`lines.${i}.lineNumber`, 'the invoice has no such line');
    if (seen.has(request.lineNumber)) throw invalid(`lines.${i}.lineNumber`, 'name each invoice line once');
    seen.add(request.lineNumber);
    const before = credited.get(line.number) ?? NOTHING_CREDITED;
    const priced =
      'quantity' in request
        ? returnLine(line, before, Math.round(request.quantity * 1000), regime, `lines.${i}.quantity`)
        : correctionLine(line, before, request.amountPaise, regime, `lines.${i}.amountPaise`);
    const restocked = 'quantity' in request && request.restock !== false && !line.isService;
    return { ...priced, number: i + 1, restocked };
  });
}

/** Adds a note's lines to what was credited per invoice line. */
export function addCredited(
  credited: Map<number, Credited>,
  lines: readonly {
    origLineNo: number;
    qtyMilli: number;
    grossPaise: number;
    taxablePaise: number;
    taxes: TaxHeads;
  }[],
): void {
  for (const line of lines) {
    const before = credited.get(line.origLineNo) ?? NOTHING_CREDITED;
    credited.set(line.origLineNo, {
      qtyMilli: before.qtyMilli + line.qtyMilli,
      grossPaise: before.grossPaise + line.grossPaise,
      taxablePaise: before.taxablePaise + line.taxablePaise,
      taxes: addTaxHeads(before.taxes, line.taxes),
    });
  }
}
