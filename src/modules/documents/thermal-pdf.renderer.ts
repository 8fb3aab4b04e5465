/**
 * The 80 mm thermal receipt as PDF: the plain-text receipt's lines in a monospaced font (lines in
 * Devanagari in the Devanagari-capable font of fonts.ts) on a
 * page 80 mm wide and as tall as the receipt, with the UPI QR code under the payment request.
 */
import type { IssuedDocument } from '../../domain/gst/issued-document.types.js';
import { buildDocumentView } from './document-view.js';
import { FONT, needsUnicodeFont } from './fonts.js';
import { createPdf, finishPdf } from './pdf-output.js';
import { thermalLines, type ThermalOptions } from './thermal-text.renderer.js';
import { upiQrPng } from './upi-payment.js';

const MM = 72 / 25.4;
const PAGE_WIDTH = 80 * MM;
const MARGIN = 4 * MM;
const QR_SIZE = 40 * MM;

/** Renders the thermal receipt PDF. */
export async function renderThermalPdf(doc: IssuedDocument, options: ThermalOptions = {}): Promise<Buffer> {
  const width = options.width ?? 48;
  const view = buildDocumentView(doc, options);
  const lines = thermalLines(view, width);
  // Courier glyphs are 0.6 em wide: size the font so a full line fills the printable width.
  const fontSize = (PAGE_WIDTH - 2 * MARGIN) / (0.6 * width);
  const lineHeight = fontSize * 1.25;
  const qr = view.upi ? await upiQrPng(view.upi.uri) : null;
  const verify = view.verification ? await upiQrPng(view.verification.url) : null;
  const height =
    2 * MARGIN +
    lines.length * lineHeight +
    (qr ? QR_SIZE + lineHeight : 0) +
    (verify ? QR_SIZE + lineHeight : 0);
  const pdf = createPdf(
    { size: [PAGE_WIDTH, height], margin: MARGIN },
    `${view.title} ${doc.number}`,
    doc.issuedAt,
  );
  pdf.fontSize(fontSize);
  // The QR goes after the UPI request line, before the footer.
  const qrAfter = view.upi ? lines.findIndex((l) => l.includes(view.upi?.vpa ?? '\u0000')) : -1;
  let y = MARGIN;
  for (const [index, line] of lines.entries()) {
    // Courier keeps the columns; a line in another script (a Hindi name) takes the Devanagari
    // font, shrunk if needed so it stays on the paper.
    if (needsUnicodeFont(line)) {
      pdf.font(FONT.regular).fontSize(fontSize);
      const fits = (PAGE_WIDTH - 2 * MARGIN) / Math.max(1, pdf.widthOfString(line.trimEnd()));
      pdf.fontSize(fontSize * Math.min(1, fits));
    } else pdf.font(FONT.mono).fontSize(fontSize);
    pdf.text(needsUnicodeFont(line) ? line.trimEnd() : line, MARGIN, y, { lineBreak: false });
    y += lineHeight;
    if (qr && index === qrAfter) {
      pdf.image(qr, (PAGE_WIDTH - QR_SIZE) / 2, y, { width: QR_SIZE });
      y += QR_SIZE + lineHeight;
    }
  }
  // The signature's QR code (the verification page's address) closes the receipt.
  if (verify) pdf.image(verify, (PAGE_WIDTH - QR_SIZE) / 2, y + lineHeight / 2, { width: QR_SIZE });
  return finishPdf(pdf);
}
