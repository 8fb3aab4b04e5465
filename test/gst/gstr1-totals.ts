/**
 * What a GSTR-1 JSON adds up to in GSTR-3B's terms, summed from its sections by a path of its
 * own (not the 3B builder's): 3.1(a) from b2b, b2cl, b2cs, cdnr and cdnur (credit notes
 * negative), 3.1(b) from exp, the SEZ invoices of b2b (inv_typ SEWP/SEWOP) and the notes on
 * them (cdnr SEWP/SEWOP, cdnur EXPWP/EXPWOP), 3.1(c) and (e) from nil, 3.2 from b2cl, b2cs
 * INTER and cdnur B2CL by place of supply.
 */
interface ItemDetail {
  txval: number;
  iamt?: number;
  camt?: number;
  samt?: number;
  csamt?: number;
}
interface Doc {
  itms: { itm_det: ItemDetail }[];
  ntty?: 'C' | 'D';
  pos?: string;
  inv_typ?: string;
  typ?: string;
}

const p = (rupees: number | undefined) => Math.round((rupees ?? 0) * 100);

export interface Gstr3bFromGstr1 {
  outward: { txval: number; iamt: number; camt: number; samt: number; csamt: number };
  zeroRated: { txval: number; iamt: number; csamt: number };
  nilExempt: number;
  nonGst: number;
  unregisteredInterState: Record<string, { txval: number; iamt: number }>;
}

/** Sums in paise. */
export function gstr3bFromGstr1(gstr1: Record<string, unknown>): Gstr3bFromGstr1 {
  const outward = { txval: 0, iamt: 0, camt: 0, samt: 0, csamt: 0 };
  const zeroRated = { txval: 0, iamt: 0, csamt: 0 };
  const addZero = (d: ItemDetail, sign: number) => {
    zeroRated.txval += sign * p(d.txval);
    zeroRated.iamt += sign * p(d.iamt);
    zeroRated.csamt += sign * p(d.csamt);
  };
  const sez = (doc: Doc) => doc.inv_typ === 'SEWP' || doc.inv_typ === 'SEWOP';
  const unreg: Record<string, { txval: number; iamt: number }> = {};
  const add = (d: ItemDetail, sign: number, pos: string | null) => {
    outward.txval += sign * p(d.txval);
    outward.iamt += sign * p(d.iamt);
    outward.camt += sign * p(d.camt);
    outward.samt += sign * p(d.samt);
    outward.csamt += sign * p(d.csamt);
    if (pos !== null) {
      const row = (unreg[pos] ??= { txval: 0, iamt: 0 });
      row.txval += sign * p(d.txval);
      row.iamt += sign * p(d.iamt);
    }
  };
  const sign = (doc: Doc) => (doc.ntty === 'C' ? -1 : 1);
  for (const party of (gstr1.b2b ?? []) as { inv: Doc[] }[])
    for (const inv of party.inv)
      for (const i of inv.itms)
        if (sez(inv)) addZero(i.itm_det, 1);
        else add(i.itm_det, 1, null);
  for (const party of (gstr1.cdnr ?? []) as { nt: Doc[] }[])
    for (const nt of party.nt)
      for (const i of nt.itms)
        if (sez(nt)) addZero(i.itm_det, sign(nt));
        else add(i.itm_det, sign(nt), null);
  for (const group of (gstr1.exp ?? []) as { inv: { itms: ItemDetail[] }[] }[])
    for (const inv of group.inv) for (const i of inv.itms) addZero(i, 1);
  for (const group of (gstr1.b2cl ?? []) as { pos: string; inv: Doc[] }[])
    for (const inv of group.inv) for (const i of inv.itms) add(i.itm_det, 1, group.pos);
  for (const nt of (gstr1.cdnur ?? []) as (Doc & { pos: string })[])
    for (const i of nt.itms)
      if (nt.typ === 'EXPWP' || nt.typ === 'EXPWOP') addZero(i.itm_det, sign(nt));
      else add(i.itm_det, sign(nt), nt.pos);
  for (const row of (gstr1.b2cs ?? []) as (ItemDetail & { sply_ty: string; pos: string })[])
    add(row, 1, row.sply_ty === 'INTER' ? row.pos : null);
  let nilExempt = 0;
  let nonGst = 0;
  const nil = gstr1.nil as { inv: { nil_amt: number; expt_amt: number; ngsup_amt: number }[] } | undefined;
  for (const row of nil?.inv ?? []) {
    nilExempt += p(row.nil_amt) + p(row.expt_amt);
    nonGst += p(row.ngsup_amt);
  }
  return { outward, zeroRated, nilExempt, nonGst, unregisteredInterState: unreg };
}

/** The same figures read from a GSTR-3B JSON, in paise. */
export function gstr3bFigures(json: {
  sup_details: {
    osup_det: { txval: number; iamt: number; camt: number; samt: number; csamt: number };
    osup_zero: { txval: number; iamt: number; csamt: number };
    osup_nil_exmp: { txval: number };
    osup_nongst: { txval: number };
  };
  inter_sup: { unreg_details: { pos: string; txval: number; iamt: number }[] };
}): Gstr3bFromGstr1 {
  const o = json.sup_details.osup_det;
  return {
    outward: { txval: p(o.txval), iamt: p(o.iamt), camt: p(o.camt), samt: p(o.samt), csamt: p(o.csamt) },
    zeroRated: {
      txval: p(json.sup_details.osup_zero.txval),
      iamt: p(json.sup_details.osup_zero.iamt),
      csamt: p(json.sup_details.osup_zero.csamt),
    },
    nilExempt: p(json.sup_details.osup_nil_exmp.txval),
    nonGst: p(json.sup_details.osup_nongst.txval),
    unregisteredInterState: Object.fromEntries(
      json.inter_sup.unreg_details.map((r) => [r.pos, { txval: p(r.txval), iamt: p(r.iamt) }]),
    ),
  };
}
