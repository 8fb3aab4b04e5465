/**
 * The GSTR-1 sections that are sums rather than lists: b2cs (by supply type, place of supply and
 * rate), nil (table 8), hsn (by HSN, unit and rate, split B2B/B2C from the May 2025 period) and
 * doc_issue (per document series). Keys are small, so memory stays bounded whatever the number
 * of invoice lines; credit notes subtract.
 */
import type { IssuedDocument } from '../../domain/gst/issued-document.types.js';
import { stateOrUtTax } from '../../domain/gst/tax-heads.js';
import { isInterState, rateItems, rupees } from './gstr1.classify.js';

interface Sums {
  txval: number;
  iamt: number;
  camt: number;
  samt: number;
  csamt: number;
}
const zero = (): Sums => ({ txval: 0, iamt: 0, camt: 0, samt: 0, csamt: 0 });

interface HsnRow extends Sums {
  hsn: string;
  desc: string;
  uqc: string;
  qtyMilli: number;
  rate: number;
}

interface NilRow {
  nil: number;
  expt: number;
  ngsup: number;
}

interface SeriesRow {
  docNum: number;
  series: string;
  first: { seq: number; number: string };
  last: { seq: number; number: string };
  total: number;
  cancelled: number;
}

const NIL_TYPES = ['INTRB2B', 'INTRAB2B', 'INTRB2C', 'INTRAB2C'] as const;
const DOC_NUM = { invoice: 1, 'debit-note': 4, 'credit-note': 5 } as const;

/** Running sums for the aggregate sections. */
export class Gstr1Aggregates {
  readonly #b2cs = new Map<string, Sums & { splyTy: string; pos: string; rate: number }>();
  readonly #hsn = { b2b: new Map<string, HsnRow>(), b2c: new Map<string, HsnRow>() };
  readonly #nil = new Map<string, NilRow>();
  readonly #series = new Map<string, SeriesRow>();

  /** Counts a document (cancelled ones too) in its series for doc_issue. */
  countDocument(doc: IssuedDocument): void {
    const docNum = DOC_NUM[doc.type];
    const key = `${docNum}\u0000${doc.seriesKey}`;
    const ref = { seq: doc.sequence, number: doc.number };
    const row = this.#series.get(key) ?? {
      docNum,
      series: doc.seriesKey,
      first: ref,
      last: ref,
      total: 0,
      cancelled: 0,
    };
    if (doc.sequence < row.first.seq) row.first = ref;
    if (doc.sequence > row.last.seq) row.last = ref;
    row.total += 1;
    if (doc.status === 'cancelled') row.cancelled += 1;
    this.#series.set(key, row);
  }

  /** Adds a B2C invoice (sign 1) or a note that adjusts b2cs (sign -1). */
  addB2cs(doc: IssuedDocument, sign: 1 | -1): void {
    const inter = isInterState(doc);
    for (const item of rateItems(doc)) {
      const key = `${doc.placeOfSupply}\u0000${item.rate}`;
      const row = this.#b2cs.get(key) ?? {
        ...zero(),
        splyTy: inter ? 'INTER' : 'INTRA',
        pos: doc.placeOfSupply,
        rate: item.rate,
      };
      row.txval += sign * item.taxablePaise;
      row.iamt += sign * item.taxes.igst;
      row.camt += sign * item.taxes.cgst;
      row.samt += sign * stateOrUtTax(item.taxes);
      row.csamt += sign * item.taxes.cess;
      this.#b2cs.set(key, row);
    }
  }

  /** Adds the lines of an issued document to the HSN summary and nil table. */
  addLines(doc: IssuedDocument, registered: boolean): void {
    const sign = doc.type === 'credit-note' ? -1 : 1;
    const inter = isInterState(doc);
    const hsn = registered ? this.#hsn.b2b : this.#hsn.b2c;
    for (const line of doc.lines) {
      const uqc = line.isService ? 'NA' : line.unit;
      const key = `${line.hsnSac}\u0000${uqc}\u0000${line.rate}`;
      const row = hsn.get(key) ?? {
        ...zero(),
        hsn: line.hsnSac,
        desc: line.description.slice(0, 30),
        uqc,
        qtyMilli: 0,
        rate: line.rate,
      };
      // The alphabetically first description, so the row does not depend on input order.
      const desc = line.description.slice(0, 30);
      if (desc < row.desc) row.desc = desc;
      if (!line.isService) row.qtyMilli += sign * Math.round(line.quantity * 1000);
      row.txval += sign * line.taxablePaise;
      row.iamt += sign * line.taxes.igst;
      row.camt += sign * line.taxes.cgst;
      row.samt += sign * stateOrUtTax(line.taxes);
      row.csamt += sign * line.taxes.cess;
      hsn.set(key, row);
      if (line.supply !== 'taxable') {
        const type = `${inter ? 'INTR' : 'INTRA'}${registered ? 'B2B' : 'B2C'}`;
        const nil = this.#nil.get(type) ?? { nil: 0, expt: 0, ngsup: 0 };
        const amount = sign * line.taxablePaise;
        if (line.supply === 'nil') nil.nil += amount;
        else if (line.supply === 'exempt') nil.expt += amount;
        else nil.ngsup += amount;
        this.#nil.set(type, nil);
      }
    }
  }

  /** b2cs rows, by place of supply then rate; rows that net to nothing are left out. */
  b2cs(): Record<string, unknown>[] {
    return [...this.#b2cs.values()]
      .filter((r) => r.txval !== 0 || r.iamt !== 0 || r.camt !== 0 || r.csamt !== 0)
      .sort((a, b) => a.pos.localeCompare(b.pos) || a.rate - b.rate)
      .map((r) => ({
        sply_ty: r.splyTy,
        pos: r.pos,
        typ: 'OE',
        rt: r.rate / 100,
        txval: rupees(r.txval),
        ...(r.splyTy === 'INTER' ? { iamt: rupees(r.iamt) } : { camt: rupees(r.camt), samt: rupees(r.samt) }),
        csamt: rupees(r.csamt),
      }));
  }

  /** Table 8 rows (nil-rated, exempt, non-GST) that have any amount. */
  nil(): Record<string, unknown>[] {
    return NIL_TYPES.flatMap((type) => {
      const row = this.#nil.get(type);
      if (row === undefined) return [];
      return [
        { sply_ty: type, nil_amt: rupees(row.nil), expt_amt: rupees(row.expt), ngsup_amt: rupees(row.ngsup) },
      ];
    });
  }

  /** HSN rows of one table, ordered by HSN, unit and rate, numbered from 1; rows netting to zero are left out. */
  hsn(table: 'b2b' | 'b2c' | 'all'): Record<string, unknown>[] {
    const rows =
      table === 'all'
        ? mergeHsn([...this.#hsn.b2b.values(), ...this.#hsn.b2c.values()])
        : [...this.#hsn[table].values()];
    // A row whose sales were all returned or credited nets to nothing and is left out.
    return rows
      .filter(
        (r) =>
          r.qtyMilli !== 0 || r.txval !== 0 || r.iamt !== 0 || r.camt !== 0 || r.samt !== 0 || r.csamt !== 0,
      )
      .sort((a, b) => a.hsn.localeCompare(b.hsn) || a.uqc.localeCompare(b.uqc) || a.rate - b.rate)
      .map((r, index) => ({
        num: index + 1,
        hsn_sc: r.hsn,
        desc: r.desc,
        uqc: r.uqc,
        qty: r.qtyMilli / 1000,
        rt: r.rate / 100,
        txval: rupees(r.txval),
        iamt: rupees(r.iamt),
        camt: rupees(r.camt),
        samt: rupees(r.samt),
        csamt: rupees(r.csamt),
      }));
  }

  /** doc_issue's `doc_det`: per document type, each series with its range and counts. */
  docIssue(): Record<string, unknown>[] {
    const byType = new Map<number, SeriesRow[]>();
    for (const row of this.#series.values()) byType.set(row.docNum, [...(byType.get(row.docNum) ?? []), row]);
    return [...byType.entries()]
      .sort(([a], [b]) => a - b)
      .map(([docNum, rows]) => ({
        doc_num: docNum,
        docs: rows
          .sort((a, b) => a.series.localeCompare(b.series))
          .map((r, index) => ({
            num: index + 1,
            from: r.first.number,
            to: r.last.number,
            totnum: r.total,
            cancel: r.cancelled,
            net_issue: r.total - r.cancelled,
          })),
      }));
  }
}

/** Before the May 2025 period B2B and B2C rows are one table. */
function mergeHsn(rows: HsnRow[]): HsnRow[] {
  const merged = new Map<string, HsnRow>();
  for (const row of rows) {
    const key = `${row.hsn}\u0000${row.uqc}\u0000${row.rate}`;
    const existing = merged.get(key);
    if (existing === undefined) merged.set(key, { ...row });
    else
      Object.assign(existing, {
        qtyMilli: existing.qtyMilli + row.qtyMilli,
        txval: existing.txval + row.txval,
        iamt: existing.iamt + row.iamt,
        camt: existing.camt + row.camt,
        samt: existing.samt + row.samt,
        csamt: existing.csamt + row.csamt,
      });
  }
  return [...merged.values()];
}
