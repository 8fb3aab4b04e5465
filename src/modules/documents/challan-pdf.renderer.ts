/**
 * The delivery challan (CGST Rule 55) for stock moved between two stores under one GSTIN: not a
 * supply, so no tax is charged, but the goods travel with a serially numbered challan giving its
 * number and date, the consigner's and consignee's names, addresses and GSTIN, each item's HSN,
 * description, quantity and value, and the signature. Printed in triplicate (original for the
 * consignee, duplicate for the transporter, triplicate for the consigner), one page each.
 */
import { formatIndianDate, istDateOf, stateName } from '../../domain/gst/index.js';
import { formatRupees } from '../../domain/money/index.js';
import { FONT } from './fonts.js';
import { createPdf, finishPdf } from './pdf-output.js';

/** A store as printed on the challan. */
export interface ChallanParty {
  readonly legalName: string;
  readonly tradeName: string | null;
  readonly addressLines: readonly string[];
  readonly gstin: string;
  readonly stateCode: string;
}

export interface ChallanLine {
  readonly description: string;
  readonly hsnSac: string;
  readonly quantity: number;
  readonly valuePaise: number;
}

/** What a delivery challan prints. */
export interface DeliveryChallan {
  readonly number: string;
  /** The instant the goods left (printed as the IST date and time). */
  readonly issuedAt: string;
  readonly from: ChallanParty;
  readonly to: ChallanParty;
  readonly lines: readonly ChallanLine[];
}

const MARGIN = 40;
const WIDTH = 595.28 - 2 * MARGIN;
const COPIES = ['Original for consignee', 'Duplicate for transporter', 'Triplicate for consigner'] as const;

function partyLines(party: ChallanParty): string[] {
  return [
    party.legalName,
    ...(party.tradeName !== null && party.tradeName !== party.legalName ? [party.tradeName] : []),
    ...party.addressLines.filter((l) => l.trim() !== ''),
    `State: ${stateName(party.stateCode)} (${party.stateCode})`,
    `GSTIN: ${party.gstin}`,
  ];
}

function istTime(instant: string): string {
  return new Date(new Date(instant).getTime() + 330 * 60_000).toISOString().slice(11, 16);
}

function drawCopy(pdf: PDFKit.PDFDocument, challan: DeliveryChallan, copy: string): void {
  pdf
    .font(FONT.bold)
    .fontSize(14)
    .text('Delivery Challan', MARGIN, MARGIN, { width: WIDTH, align: 'center' });
  pdf.font(FONT.regular).fontSize(8).text(copy, { width: WIDTH, align: 'center' });
  pdf
    .fontSize(8)
    .text('Transfer of stock between places of business under one GSTIN: not a supply (Rule 55)', {
      width: WIDTH,
      align: 'center',
    });
  const top = pdf.y + 10;
  pdf.fontSize(9);
  pdf.text(`Challan No.: ${challan.number}`, MARGIN, top, { width: WIDTH / 2 });
  pdf.text(
    `Date: ${formatIndianDate(istDateOf(new Date(challan.issuedAt)))} ${istTime(challan.issuedAt)} IST`,
    MARGIN + WIDTH / 2,
    top,
    { width: WIDTH / 2, align: 'right' },
  );
  const partiesTop = top + 20;
  pdf.font(FONT.bold).text('Consigner (from)', MARGIN, partiesTop, { width: WIDTH / 2 - 10 });
  pdf.font(FONT.regular).text(partyLines(challan.from).join('\n'), { width: WIDTH / 2 - 10 });
  const leftBottom = pdf.y;
  pdf.font(FONT.bold).text('Consignee (to)', MARGIN + WIDTH / 2, partiesTop, { width: WIDTH / 2 });
  pdf.font(FONT.regular).text(partyLines(challan.to).join('\n'), { width: WIDTH / 2 });
  let y = Math.max(leftBottom, pdf.y) + 14;
  const cols = [
    { title: '#', width: 24, align: 'left' as const },
    { title: 'Description of goods', width: WIDTH - 24 - 70 - 60 - 90, align: 'left' as const },
    { title: 'HSN', width: 70, align: 'left' as const },
    { title: 'Quantity', width: 60, align: 'right' as const },
    { title: 'Value (Rs)', width: 90, align: 'right' as const },
  ];
  const row = (cells: string[], bold = false) => {
    pdf.font(bold ? FONT.bold : FONT.regular).fontSize(9);
    let x = MARGIN;
    let height = 0;
    cols.forEach((col, i) => {
      const text = cells[i] ?? '';
      height = Math.max(height, pdf.heightOfString(text, { width: col.width - 4 }));
      pdf.text(text, x + 2, y, { width: col.width - 4, align: col.align });
      x += col.width;
    });
    y += height + 4;
    if (y > 841.89 - 140) {
      pdf.addPage();
      y = MARGIN;
    }
  };
  row(
    cols.map((c) => c.title),
    true,
  );
  challan.lines.forEach((line, i) =>
    row([String(i + 1), line.description, line.hsnSac, String(line.quantity), formatRupees(line.valuePaise)]),
  );
  pdf
    .moveTo(MARGIN, y)
    .lineTo(MARGIN + WIDTH, y)
    .stroke();
  y += 4;
  const quantity = challan.lines.reduce((sum, l) => sum + l.quantity, 0);
  const value = challan.lines.reduce((sum, l) => sum + l.valuePaise, 0);
  row(['', 'Total', '', String(quantity), formatRupees(value)], true);
  pdf
    .font(FONT.regular)
    .fontSize(8)
    .text(
      'Value at the selling price. No tax is charged: the goods stay with the same registered person.',
      MARGIN,
      y + 6,
      { width: WIDTH },
    );
  pdf.fontSize(9).text(`For ${challan.from.legalName}: authorised signatory`, MARGIN, y + 50, {
    width: WIDTH,
    align: 'right',
  });
}

/** Renders the challan as a PDF, one page per copy. */
export async function renderChallanPdf(challan: DeliveryChallan): Promise<Buffer> {
  const pdf = createPdf(
    { size: 'A4', margin: MARGIN },
    `Delivery Challan ${challan.number}`,
    challan.issuedAt,
  );
  COPIES.forEach((copy, i) => {
    if (i > 0) pdf.addPage();
    drawCopy(pdf, challan, copy);
  });
  return finishPdf(pdf);
}
