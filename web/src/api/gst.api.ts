/** GST returns and bill verification: GSTR-3B 3.1/3.2 of a month, and the public bill check. */
import { api } from './api-client';

/** GSTR-3B as the portal's JSON (amounts in rupees, as the portal takes them). */
export interface Gstr3b {
  gstin: string;
  ret_period: string;
  sup_details: {
    osup_det: { txval: number; iamt: number; camt: number; samt: number; csamt: number };
    osup_zero: { txval: number; iamt: number; csamt: number };
    osup_nil_exmp: { txval: number };
    isup_rev: { txval: number; iamt: number; camt: number; samt: number; csamt: number };
    osup_nongst: { txval: number };
  };
  inter_sup: { unreg_details: { pos: string; txval: number; iamt: number }[] };
}

/** What the verification page is told about a bill. */
export interface BillVerification {
  result: 'valid' | 'cancelled' | 'mismatch';
  document?: {
    type: 'invoice' | 'credit-note' | 'debit-note';
    kind: string;
    number: string;
    date: string;
    supplierName: string;
    supplierGstin: string;
    totalPaise: number;
  };
}

export const gstApi = {
  gstr3b: (period: string) => api<Gstr3b>('GET', `/reports/gstr3b?period=${encodeURIComponent(period)}`),
  verifyBill: (ref: { t: string; d: string; s: string }) =>
    api<BillVerification>(
      'GET',
      `/public/documents/verify?${new URLSearchParams({ t: ref.t, d: ref.d, s: ref.s }).toString()}`,
    ),
};
