/**
 * GSTR-3B tables 3.1 and 3.2 for a month, summed from the same documents GSTR-1 reads (the four
 * passes of a `Gstr1Source`), so the two returns reconcile by construction of their inputs but
 * are added up independently:
 * - 3.1(a) `osup_det`: taxable outward supplies (not zero-rated, nil or exempt), credit notes
 *   subtracting and debit notes adding;
 * - 3.1(b) `osup_zero`: zero-rated supplies (exports and supplies to an SEZ, with IGST or
 *   without it under bond or LUT), with the notes against them;
 * - 3.1(c) `osup_nil_exmp`: nil-rated and exempt lines; 3.1(e) `osup_nongst`: non-GST lines;
 * - 3.1(d) `isup_rev`: inward supplies under reverse charge: a sales system records none;
 * - 3.2 `inter_sup.unreg_details`: inter-state supplies to unregistered persons by place of
 *   supply (taxable value and IGST; exports are not to a state and stay out); supplies to composition dealers and UIN holders are not
 *   told apart from other registered buyers, so their lists stay empty.
 * Cancelled documents count nowhere. Amounts are summed in paise and written as rupees.
 */
import type { IssuedDocument } from '../../domain/gst/issued-document.types.js';
import type { Paise } from '../../domain/money/money.js';
import { isInterState, rupees, zeroRatedDoc } from './gstr1.classify.js';
import type { Gstr1Header, Gstr1Pass, Gstr1Source } from './returns.types.js';

/** Sums of one 3.1 row, in paise. */
export interface TaxSums {
  txval: Paise;
  iamt: Paise;
  camt: Paise;
  samt: Paise;
  csamt: Paise;
}

/** GSTR-3B 3.1 and 3.2 in paise, before they are written as the portal's JSON. */
export interface Gstr3bTotals {
  readonly outwardTaxable: TaxSums;
  readonly zeroRated: TaxSums;
  readonly nilExempt: Paise;
  readonly reverseChargeInward: TaxSums;
  readonly nonGst: Paise;
  /** 3.2, inter-state supplies to unregistered persons, by place of supply (ascending). */
  readonly unregisteredInterState: readonly { pos: string; txval: Paise; iamt: Paise }[];
}

/** GSTR-3B as the portal's offline JSON (3.1 and 3.2). */
export interface Gstr3bJson {
  gstin: string;
  ret_period: string;
  sup_details: {
    osup_det: Record<'txval' | 'iamt' | 'camt' | 'samt' | 'csamt', number>;
    osup_zero: Record<'txval' | 'iamt' | 'csamt', number>;
    osup_nil_exmp: { txval: number };
    isup_rev: Record<'txval' | 'iamt' | 'camt' | 'samt' | 'csamt', number>;
    osup_nongst: { txval: number };
  };
  inter_sup: {
    unreg_details: { pos: string; txval: number; iamt: number }[];
    comp_details: { pos: string; txval: number; iamt: number }[];
    uin_details: { pos: string; txval: number; iamt: number }[];
  };
}

const PASSES: readonly Gstr1Pass[] = [
  { documents: 'invoices', buyers: 'registered' },
  { documents: 'notes', buyers: 'registered' },
  { documents: 'invoices', buyers: 'unregistered' },
  { documents: 'notes', buyers: 'unregistered' },
];

const zero = (): TaxSums => ({ txval: 0, iamt: 0, camt: 0, samt: 0, csamt: 0 });

/** Credit notes reduce the month's supplies; invoices and debit notes add to them. */
function signOf(doc: IssuedDocument): 1 | -1 {
  return doc.type === 'credit-note' ? -1 : 1;
}

/** Sums the 3.1 and 3.2 figures of the source's documents. */
export async function sumGstr3b(source: Gstr1Source): Promise<Gstr3bTotals> {
  const outward = zero();
  const zeroRated = zero();
  let nilExempt = 0;
  let nonGst = 0;
  const unregistered = new Map<string, { txval: Paise; iamt: Paise }>();
  for (const pass of PASSES)
    for await (const doc of source.documents(pass)) {
      if (doc.status !== 'issued') continue;
      const sign = signOf(doc);
      const inter = isInterState(doc);
      const zeroRatedSupply = zeroRatedDoc(doc);
      const toUnregistered = pass.buyers === 'unregistered' && inter && !zeroRatedSupply;
      for (const line of doc.lines) {
        if (line.supply === 'nil' || line.supply === 'exempt') nilExempt += sign * line.taxablePaise;
        else if (line.supply === 'non-gst') nonGst += sign * line.taxablePaise;
        else if (zeroRatedSupply) {
          zeroRated.txval += sign * line.taxablePaise;
          zeroRated.iamt += sign * line.taxes.igst;
          zeroRated.csamt += sign * line.taxes.cess;
        } else {
          outward.txval += sign * line.taxablePaise;
          outward.iamt += sign * line.taxes.igst;
          outward.camt += sign * line.taxes.cgst;
          outward.samt += sign * (line.taxes.sgst + line.taxes.utgst);
          outward.csamt += sign * line.taxes.cess;
          if (toUnregistered) {
            const row = unregistered.get(doc.placeOfSupply) ?? { txval: 0, iamt: 0 };
            row.txval += sign * line.taxablePaise;
            row.iamt += sign * line.taxes.igst;
            unregistered.set(doc.placeOfSupply, row);
          }
        }
      }
    }
  return {
    outwardTaxable: outward,
    zeroRated,
    nilExempt,
    reverseChargeInward: zero(),
    nonGst,
    unregisteredInterState: [...unregistered.entries()]
      .filter(([, row]) => row.txval !== 0 || row.iamt !== 0)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([pos, row]) => ({ pos, ...row })),
  };
}

const heads = (s: TaxSums) => ({
  txval: rupees(s.txval),
  iamt: rupees(s.iamt),
  camt: rupees(s.camt),
  samt: rupees(s.samt),
  csamt: rupees(s.csamt),
});

/** The portal's JSON of the sums. */
export function gstr3bJson(header: Gstr1Header, totals: Gstr3bTotals): Gstr3bJson {
  return {
    gstin: header.gstin,
    ret_period: header.period,
    sup_details: {
      osup_det: heads(totals.outwardTaxable),
      osup_zero: {
        txval: rupees(totals.zeroRated.txval),
        iamt: rupees(totals.zeroRated.iamt),
        csamt: rupees(totals.zeroRated.csamt),
      },
      osup_nil_exmp: { txval: rupees(totals.nilExempt) },
      isup_rev: heads(totals.reverseChargeInward),
      osup_nongst: { txval: rupees(totals.nonGst) },
    },
    inter_sup: {
      unreg_details: totals.unregisteredInterState.map((r) => ({
        pos: r.pos,
        txval: rupees(r.txval),
        iamt: rupees(r.iamt),
      })),
      comp_details: [],
      uin_details: [],
    },
  };
}

/** GSTR-3B 3.1 and 3.2 of a month from its documents. */
export async function buildGstr3b(header: Gstr1Header, source: Gstr1Source): Promise<Gstr3bJson> {
  return gstr3bJson(header, await sumGstr3b(source));
}
