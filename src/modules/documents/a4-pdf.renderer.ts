/**
 * The A4 document (tax invoice, bill of supply, invoice-cum-bill of supply, credit note) as
 * PDF, from the shared print model: supplier and document details, buyer (where the law needs
 * it), the line table with HSN/SAC, quantity, unit, rate, discount, taxable value and each tax
 * head, the rate-wise summary, totals with round-off, amount in words, payments, the UPI QR and
 * the signature footer. Long documents continue on new pages with the table header repeated.
 */
import type { IssuedDocument } from '../../domain/gst/issued-document.types.js';
import {
  buildDocumentView,
  headWithRate,
  type DocumentView,
  type LineRow,
  type PrintSettings,
} from './document-view.js';
import { FONT } from './fonts.js';
import { createPdf, finishPdf } from './pdf-output.js';
import { upiQrPng } from './upi-payment.js';

const MARGIN = 36;
const PAGE = { width: 595.28, height: 841.89 };
const WIDTH = PAGE.width - 2 * MARGIN;
const BODY = 8;

interface Column {
  readonly title: string;
  readonly width: number;
  readonly align: 'left' | 'right';
  readonly cell: (row: LineRow) => string;
}

function columns(view: DocumentView): Column[] {
  const w = view.words;
  const fixed: Column[] = [
    { title: '#', width: 16, align: 'left', cell: (r) => String(r.number) },
    { title: 'HSN/SAC', width: 44, align: 'left', cell: (r) => r.hsnSac },
    { title: w.qty, width: 34, align: 'right', cell: (r) => r.quantity },
    { title: w.unit, width: 26, align: 'left', cell: (r) => r.unit },
    { title: w.rate, width: 52, align: 'right', cell: (r) => r.unitPrice },
    { title: w.discount, width: 44, align: 'right', cell: (r) => r.discount },
    { title: w.taxable, width: 56, align: 'right', cell: (r) => r.taxable },
  ];
  const tax: Column[] = view.showTax
    ? [
        { title: 'GST', width: 30, align: 'right', cell: (r) => r.rate },
        ...view.headLabels.map((label, i): Column => ({
          title: label,
          width: 46,
          align: 'right',
          cell: (r) => {
            const head = r.heads[i];
            const amount = ((head?.paise ?? 0) / 100).toFixed(2);
            return head?.rate ? `${amount}\n@ ${head.rate}` : amount;
          },
        })),
      ]
    : [];
  const total: Column = { title: w.total, width: 58, align: 'right', cell: (r) => r.total };
  const used = [...fixed, ...tax, total].reduce((sum, c) => sum + c.width, 0);
  const description: Column = {
    title: w.description,
    width: WIDTH - used,
    align: 'left',
    cell: (r) => r.description,
  };
  return [fixed[0]!, description, ...fixed.slice(1), ...tax, total];
}

function drawRow(pdf: PDFKit.PDFDocument, cols: Column[], cells: string[], y: number, bold = false): number {
  pdf.font(bold ? FONT.bold : FONT.regular).fontSize(BODY);
  let x = MARGIN;
  let height = 0;
  cols.forEach((col, i) => {
    const text = cells[i] ?? '';
    height = Math.max(height, pdf.heightOfString(text, { width: col.width - 4 }));
    pdf.text(text, x + 2, y, { width: col.width - 4, align: col.align });
    x += col.width;
  });
  return y + height + 4;
}

function header(pdf: PDFKit.PDFDocument, view: DocumentView): number {
  pdf
    .font(FONT.bold)
    .fontSize(14)
    .text(view.cancelled ? `${view.title} (${view.words.cancelled})` : view.title, MARGIN, MARGIN, {
      width: WIDTH,
      align: 'center',
    });
  const top = MARGIN + 24;
  pdf
    .font(FONT.bold)
    .fontSize(11)
    .text(view.supplier[0] ?? '', MARGIN, top, { width: WIDTH / 2 });
  pdf
    .font(FONT.regular)
    .fontSize(BODY)
    .text(view.supplier.slice(1).join('\n'), { width: WIDTH / 2 });
  const leftBottom = pdf.y;
  pdf.font(FONT.regular).fontSize(BODY);
  pdf.text(view.meta.map(([k, v]) => `${k}: ${v}`).join('\n'), MARGIN + WIDTH / 2 + 10, top, {
    width: WIDTH / 2 - 10,
  });
  let y = Math.max(leftBottom, pdf.y) + 8;
  // The composition declaration (Rule 5) or the zero-rated endorsement (Rule 46), across the page.
  if (view.declaration) {
    pdf.font(FONT.bold).text(view.declaration, MARGIN, y, { width: WIDTH });
    pdf.font(FONT.regular);
    y = pdf.y + 8;
  }
  if (view.buyer) {
    pdf.font(FONT.bold).text(view.words.billTo, MARGIN, y);
    pdf.font(FONT.regular).text(view.buyer.join('\n'), MARGIN, pdf.y, { width: WIDTH / 2 });
    y = pdf.y + 8;
  }
  return y;
}

function ensureRoom(pdf: PDFKit.PDFDocument, y: number, needed: number): number {
  if (y + needed <= PAGE.height - MARGIN) return y;
  pdf.addPage();
  return MARGIN;
}

/** Renders the A4 PDF. */
export async function renderA4Pdf(doc: IssuedDocument, settings: PrintSettings = {}): Promise<Buffer> {
  const view = buildDocumentView(doc, settings);
  const pdf = createPdf({ size: 'A4', margin: MARGIN }, `${view.title} ${doc.number}`, doc.issuedAt);
  const cols = columns(view);
  // The shop's logo, small, in the top-left corner beside the centred title.
  if (settings.logo) pdf.image(settings.logo, MARGIN, MARGIN - 6, { fit: [96, 28] });
  let y = header(pdf, view);
  const titles = cols.map((c) => c.title);
  y = drawRow(pdf, cols, titles, y, true);
  for (const row of view.rows) {
    const before = y;
    y = ensureRoom(pdf, y, 24);
    if (y < before) y = drawRow(pdf, cols, titles, y, true);
    y = drawRow(
      pdf,
      cols,
      cols.map((c) => c.cell(row)),
      y,
    );
  }
  pdf
    .moveTo(MARGIN, y)
    .lineTo(MARGIN + WIDTH, y)
    .stroke();
  y = ensureRoom(pdf, y + 6, 120);
  const right = MARGIN + WIDTH / 2;
  pdf.font(FONT.regular).fontSize(BODY);
  for (const [label, value] of view.totals) {
    pdf
      .text(label, right, y, { width: WIDTH / 4 })
      .text(value, right + WIDTH / 4, y, { width: WIDTH / 4, align: 'right' });
    y += 11;
  }
  pdf
    .font(FONT.bold)
    .fontSize(10)
    .text(view.words.total, right, y, { width: WIDTH / 4 });
  pdf.text(`Rs. ${view.total}`, right + WIDTH / 4, y, { width: WIDTH / 4, align: 'right' });
  y += 14;
  pdf
    .font(FONT.regular)
    .fontSize(BODY)
    .text(`${view.words.amountInWords}: ${view.amountInWords}`, MARGIN, y, { width: WIDTH });
  y = pdf.y + 6;
  if (view.summary.length > 0) {
    const summary = view.summary.map(
      (s) => `${s.rate} ${view.words.on} ${s.taxable}: ${s.heads.map(headWithRate).join(', ')}`,
    );
    pdf
      .font(FONT.bold)
      .text(view.words.gstSummary, MARGIN, y)
      .font(FONT.regular)
      .text(summary.join('\n'), { width: WIDTH });
    y = pdf.y + 6;
  }
  if (view.payments.length > 0) {
    pdf
      .font(FONT.bold)
      .text(view.words.payments, MARGIN, y)
      .font(FONT.regular)
      .text(view.payments.join('\n'), { width: WIDTH });
    y = pdf.y + 6;
  }
  if (view.upi) {
    y = ensureRoom(pdf, y, 110);
    pdf.image(await upiQrPng(view.upi.uri), MARGIN, y, { width: 96 });
    pdf.text(view.words.scanToPay(view.upi.amount, view.upi.vpa), MARGIN + 104, y + 40, {
      width: WIDTH - 104,
    });
    y += 104;
  }
  if (view.verification) {
    // The signature travels in the QR code (the verification page's address), beside the footer.
    y = ensureRoom(pdf, y, 96);
    pdf.image(await upiQrPng(view.verification.url), MARGIN + WIDTH - 84, y, { width: 84 });
    pdf
      .font(FONT.regular)
      .fontSize(7)
      .text(view.footer.join('\n'), MARGIN, y, { width: WIDTH - 96 });
    return finishPdf(pdf);
  }
  y = ensureRoom(pdf, y, 60);
  pdf.font(FONT.regular).fontSize(7).text(view.footer.join('\n'), MARGIN, y, { width: WIDTH });
  return finishPdf(pdf);
}
