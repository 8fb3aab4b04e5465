/**
 * The insecticide stock register (Form XIII style) as an A4 landscape PDF: the dealer's store
 * and pesticide licence, the item and period, the opening stock, then day by day each receipt
 * (supplier and invoice, batch, manufacturing and expiry dates), sale, return, segregation and
 * disposal with the stock after it and the day's closing stock, and the period's closing stock.
 * It only draws what `stockRegister` computed.
 */
import { formatIndianDate } from '../../domain/gst/index.js';
import { FONT } from '../documents/fonts.js';
import { createPdf, finishPdf } from '../documents/pdf-output.js';
import { KIND_WORDS, type RegisterRow, type StockRegister } from './stock-register.js';

const MARGIN = 36;
/** Column left edges and widths: date, particulars, reference, batch, mfg, expiry, in, out, stock. */
const WIDTHS = [62, 128, 170, 80, 66, 66, 54, 54, 60] as const;

type Cells = readonly [string, string, string, string, string, string, string, string, string];

const qty = (n: number): string => (n === 0 ? '' : String(n));

export async function renderStockRegister(
  register: StockRegister,
  licence: { number: string; validUntil: string } | null,
): Promise<Buffer> {
  const doc = createPdf(
    { size: 'A4', layout: 'landscape', margin: MARGIN, bufferPages: true },
    `Stock register ${register.itemName} ${register.from} - ${register.to}`,
    new Date(`${register.to}T12:00:00+05:30`).toISOString(),
  );
  doc.font(FONT.bold).fontSize(14).text('Stock register of insecticides (Form XIII)');
  doc.font(FONT.regular).fontSize(10);
  if (register.storeName !== '') doc.text(`Dealer: ${register.storeName}`);
  if (licence !== null)
    doc.text(`Licence: ${licence.number} (valid to ${formatIndianDate(licence.validUntil)})`);
  doc.text(`Insecticide: ${register.itemName}`);
  doc.text(`Period: ${formatIndianDate(register.from)} to ${formatIndianDate(register.to)}`).moveDown(0.6);

  const lefts = WIDTHS.map((_, i) => MARGIN + WIDTHS.slice(0, i).reduce((a, b) => a + b, 0));
  const row = (cells: Cells, bold = false) => {
    if (doc.y > doc.page.height - MARGIN - 30) doc.addPage();
    const y = doc.y;
    doc.font(bold ? FONT.bold : FONT.regular).fontSize(8.5);
    let bottom = y;
    cells.forEach((cell, i) => {
      doc.text(cell, lefts[i] ?? MARGIN, y, {
        width: (WIDTHS[i] ?? 40) - 4,
        align: i >= 6 ? 'right' : 'left',
      });
      bottom = Math.max(bottom, doc.y);
    });
    doc.x = MARGIN;
    doc.y = bottom + 3;
  };
  const blank = (first: string, second: string, stock: number | string): Cells => [
    first,
    second,
    '',
    '',
    '',
    '',
    '',
    '',
    String(stock),
  ];
  row(
    ['Date', 'Particulars', 'Supplier / bill', 'Batch', 'Mfg date', 'Expiry', 'Received', 'Issued', 'Stock'],
    true,
  );
  row(blank(formatIndianDate(register.from), 'Opening stock', register.opening), true);
  const days = new Map<string, RegisterRow[]>();
  for (const r of register.rows) days.set(r.date, [...(days.get(r.date) ?? []), r]);
  for (const [day, rows] of days) {
    for (const r of rows)
      row([
        formatIndianDate(r.date),
        KIND_WORDS[r.kind] ?? r.kind,
        r.reference,
        r.batchNo,
        r.mfgDate === null ? '' : formatIndianDate(r.mfgDate),
        formatIndianDate(r.expiryDate),
        qty(r.received),
        qty(r.issued),
        String(r.balance),
      ]);
    row(blank(formatIndianDate(day), 'Closing stock of the day', rows[rows.length - 1]?.balance ?? ''), true);
  }
  row(blank(formatIndianDate(register.to), 'Closing stock', register.closing), true);
  return finishPdf(doc);
}
