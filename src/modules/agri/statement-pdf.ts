/**
 * A farmer's khata statement as an A4 PDF in English or Hindi (Noto Sans Devanagari through
 * `documents/fonts.ts`): the shop and farmer, the period, opening balance, each credit sale
 * (bill, due date) and payment with the running balance, the closing balance, and on the last
 * day the overdue amount, interest on it (when the shop charges it), what is payable and the
 * ageing. It only draws what `KhataService.statement` computed.
 */
import { formatIndianDate } from '../../domain/gst/index.js';
import { formatRupees } from '../../domain/money/money.js';
import { ageingBuckets, type AgeingBucket } from '../../domain/agri/khata.js';
import { FONT } from '../documents/fonts.js';
import { createPdf, finishPdf } from '../documents/pdf-output.js';
import type { KhataStatement, StatementEntry } from './khata.service.js';

export const statementLanguages = ['en', 'hi'] as const;
export type StatementLanguage = (typeof statementLanguages)[number];

interface Words {
  title: string;
  farmer: string;
  period: string;
  to: string;
  date: string;
  particulars: string;
  debit: string;
  credit: string;
  balance: string;
  opening: string;
  closing: string;
  creditSale: (bill: string | null, due: string | null) => string;
  payment: (method: string | null) => string;
  refund: string;
  other: string;
  asOn: (day: string) => string;
  overdue: string;
  nextDue: string;
  interest: (ratePercent: string, grace: number) => string;
  noInterest: string;
  payable: string;
  ageing: string;
  bucket: Record<AgeingBucket, string>;
  advance: string;
  methods: Record<string, string>;
}

const WORDS: Record<StatementLanguage, Words> = {
  en: {
    title: 'Khata statement',
    farmer: 'Farmer',
    period: 'Period',
    to: 'to',
    date: 'Date',
    particulars: 'Particulars',
    debit: 'Debit (Rs)',
    credit: 'Credit (Rs)',
    balance: 'Balance (Rs)',
    opening: 'Opening balance',
    closing: 'Closing balance',
    creditSale: (bill, due) =>
      `Credit sale${bill === null ? '' : `, bill ${bill}`}${due === null ? '' : `, due ${due}`}`,
    payment: (method) => `Payment received${method === null ? '' : ` (${method})`}`,
    refund: 'Return credited to khata',
    other: 'Adjustment',
    asOn: (day) => `Position on ${day}`,
    overdue: 'Overdue',
    nextDue: 'Next due date',
    interest: (rate, grace) => `Interest on overdue at ${rate}% a year after ${String(grace)} day(s) grace`,
    noInterest: 'No interest is charged on overdue amounts',
    payable: 'Total payable',
    ageing: 'Ageing of the balance (days past due)',
    bucket: {
      '0-30': '0-30 days',
      '31-90': '31-90 days',
      '91-180': '91-180 days',
      'over-180': 'over 180 days',
    },
    advance: 'Paid in advance',
    methods: { cash: 'cash', upi: 'UPI', card: 'card', bank: 'bank transfer', credit: 'khata' },
  },
  hi: {
    title: 'खाता विवरण',
    farmer: 'किसान',
    period: 'अवधि',
    to: 'से',
    date: 'तारीख',
    particulars: 'विवरण',
    debit: 'नामे (रु)',
    credit: 'जमा (रु)',
    balance: 'बकाया (रु)',
    opening: 'प्रारंभिक बकाया',
    closing: 'अंतिम बकाया',
    creditSale: (bill, due) =>
      `उधार बिक्री${bill === null ? '' : `, बिल ${bill}`}${due === null ? '' : `, देय तिथि ${due}`}`,
    payment: (method) => `भुगतान प्राप्त${method === null ? '' : ` (${method})`}`,
    refund: 'वापसी खाते में जमा',
    other: 'समायोजन',
    asOn: (day) => `${day} को स्थिति`,
    overdue: 'अतिदेय',
    nextDue: 'अगली देय तिथि',
    interest: (rate, grace) => `अतिदेय पर ब्याज ${rate}% वार्षिक, ${String(grace)} दिन की छूट के बाद`,
    noInterest: 'अतिदेय राशि पर कोई ब्याज नहीं',
    payable: 'कुल देय',
    ageing: 'बकाया की अवधि (देय तिथि के बाद के दिन)',
    bucket: {
      '0-30': '0-30 दिन',
      '31-90': '31-90 दिन',
      '91-180': '91-180 दिन',
      'over-180': '180 दिन से अधिक',
    },
    advance: 'अग्रिम जमा',
    methods: { cash: 'नकद', upi: 'UPI', card: 'कार्ड', bank: 'बैंक ट्रांसफर', credit: 'खाता' },
  },
};

const MARGIN = 48;

function particulars(w: Words, e: StatementEntry): string {
  const method = e.method === null ? null : (w.methods[e.method] ?? e.method);
  if (e.kind === 'credit_sale')
    return w.creditSale(e.billNumber, e.dueDate === null ? null : formatIndianDate(e.dueDate));
  if (e.kind === 'payment') return w.payment(method);
  if (e.kind === 'refund_to_credit') return w.refund;
  return w.other;
}

/** The statement's PDF in the chosen language. */
export async function renderStatement(s: KhataStatement, lang: StatementLanguage): Promise<Buffer> {
  const w = WORDS[lang];
  const doc = createPdf(
    { size: 'A4', margin: MARGIN, bufferPages: true },
    `${w.title} ${s.from} - ${s.to}`,
    new Date(`${s.to}T12:00:00+05:30`).toISOString(),
  );
  const width = doc.page.width - 2 * MARGIN;
  const cols = [MARGIN, MARGIN + 70, MARGIN + width - 210, MARGIN + width - 140, MARGIN + width - 70];
  const rupees = (p: number) => formatRupees(p, { grouped: true });
  doc.font(FONT.bold).fontSize(15).text(s.shop);
  doc.fontSize(12).text(w.title).moveDown(0.4);
  doc.font(FONT.regular).fontSize(10);
  doc.text(`${w.farmer}: ${s.farmer}`);
  doc.text(`${w.period}: ${formatIndianDate(s.from)} ${w.to} ${formatIndianDate(s.to)}`).moveDown(0.6);

  const row = (cells: [string, string, string, string, string], bold = false) => {
    if (doc.y > doc.page.height - 120) doc.addPage();
    const y = doc.y;
    doc.font(bold ? FONT.bold : FONT.regular).fontSize(9);
    doc.text(cells[0], cols[0], y, { width: 66 });
    doc.text(cells[1], cols[1], y, { width: (cols[2] ?? 0) - (cols[1] ?? 0) - 6 });
    const after = doc.y;
    doc.text(cells[2], cols[2], y, { width: 64, align: 'right' });
    doc.text(cells[3], cols[3], y, { width: 64, align: 'right' });
    doc.text(cells[4], cols[4], y, { width: 70, align: 'right' });
    doc.x = MARGIN;
    doc.y = Math.max(after, doc.y) + 3;
  };
  row([w.date, w.particulars, w.debit, w.credit, w.balance], true);
  row([formatIndianDate(s.from), w.opening, '', '', rupees(s.openingPaise)]);
  for (const e of s.entries)
    row([
      formatIndianDate(e.date),
      particulars(w, e),
      e.debitPaise > 0 ? rupees(e.debitPaise) : '',
      e.creditPaise > 0 ? rupees(e.creditPaise) : '',
      rupees(e.balancePaise),
    ]);
  row([formatIndianDate(s.to), w.closing, '', '', rupees(s.closingPaise)], true);

  const p = s.position;
  doc
    .moveDown(0.8)
    .font(FONT.bold)
    .fontSize(11)
    .text(w.asOn(formatIndianDate(s.to)), MARGIN);
  doc.font(FONT.regular).fontSize(10);
  const line = (label: string, value: string) => doc.text(`${label}: Rs ${value}`, MARGIN);
  line(w.closing, rupees(s.closingPaise));
  line(w.overdue, rupees(p.overduePaise));
  if (p.nextDueDate !== null) doc.text(`${w.nextDue}: ${formatIndianDate(p.nextDueDate)}`, MARGIN);
  if (s.interest.enabled)
    line(w.interest((s.interest.rateBp / 100).toFixed(2), s.interest.graceDays), rupees(p.interestPaise));
  else doc.text(w.noInterest, MARGIN);
  if (p.advancePaise > 0) line(w.advance, rupees(p.advancePaise));
  doc.font(FONT.bold);
  line(w.payable, rupees(s.payablePaise));
  doc.font(FONT.regular).moveDown(0.6).text(w.ageing, MARGIN);
  for (const b of ageingBuckets) line(w.bucket[b], rupees(p.ageing[b]));
  return finishPdf(doc);
}
