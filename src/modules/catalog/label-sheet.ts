/**
 * Barcode labels printed as a PDF sheet for the common self-adhesive A4 sheets: 65 labels of
 * 38.1 x 21.2 mm (5 x 13) and 24 labels of 64 x 33.9 mm (3 x 8). Each label carries the item's
 * name, size and colour, the barcode (EAN-13 when the code is a valid EAN-13, else Code 128,
 * drawn by bwip-js) with its digits as text, the selling price and the MRP. No I/O.
 */
import bwipjs from 'bwip-js';
import { formatRupees } from '../../domain/money/index.js';
import { FONT } from '../documents/index.js';
import { createPdf, finishPdf } from '../documents/pdf-output.js';
import { isEan13 } from './in-store-barcode.js';

export const labelLayouts = ['a4-65', 'a4-24'] as const;
export type LabelLayout = (typeof labelLayouts)[number];

interface SheetGeometry {
  columns: number;
  rows: number;
  /** Label width and height, top and left margins, horizontal and vertical pitch, in mm. */
  width: number;
  height: number;
  top: number;
  left: number;
  pitchX: number;
  pitchY: number;
  /** Font sizes in points: name, details, price. */
  fonts: { name: number; small: number; price: number };
}

export const SHEETS: Record<LabelLayout, SheetGeometry> = {
  'a4-65': {
    columns: 5,
    rows: 13,
    width: 38.1,
    height: 21.2,
    top: 10.7,
    left: 4.75,
    pitchX: 40.6,
    pitchY: 21.2,
    fonts: { name: 5.5, small: 4.5, price: 5.5 },
  },
  'a4-24': {
    columns: 3,
    rows: 8,
    width: 64,
    height: 33.9,
    top: 12.9,
    left: 6.4,
    pitchX: 66,
    pitchY: 33.9,
    fonts: { name: 8, small: 6.5, price: 8 },
  },
};

export interface LabelContent {
  name: string;
  size: string | null;
  colour: string | null;
  barcode: string;
  pricePaise: number;
  mrpPaise: number | null;
}

const MM = 72 / 25.4;

/** The barcode symbology a code is printed in. */
export function symbologyOf(code: string): 'ean13' | 'code128' {
  return isEan13(code) ? 'ean13' : 'code128';
}

/** The barcode's bars as a PNG (no human-readable text: the label prints the digits itself). */
export async function barcodePng(code: string): Promise<Buffer> {
  return bwipjs.toBuffer({
    bcid: symbologyOf(code),
    text: code,
    scale: 3,
    height: 8,
    includetext: false,
    backgroundcolor: 'FFFFFF',
  });
}

/**
 * The sheet: labels in reading order from position `startAt` (1-based, so a partly used sheet
 * can be fed again), as many pages as needed.
 */
export async function renderLabelSheet(
  layout: LabelLayout,
  labels: readonly LabelContent[],
  options: { startAt?: number; printedAt: string; labels: { price: string; mrp: string } },
): Promise<Buffer> {
  const sheet = SHEETS[layout];
  const perPage = sheet.columns * sheet.rows;
  const pdf = createPdf({ size: 'A4', margin: 0, autoFirstPage: false }, 'Barcode labels', options.printedAt);
  // Each distinct barcode is embedded once: pdfkit keeps images given as a (data URL) string.
  const images = new Map<string, string>();
  for (const label of labels)
    if (!images.has(label.barcode))
      images.set(
        label.barcode,
        `data:image/png;base64,${(await barcodePng(label.barcode)).toString('base64')}`,
      );
  let position = Math.max(0, Math.min((options.startAt ?? 1) - 1, perPage - 1));
  pdf.addPage();
  for (const label of labels) {
    if (position === perPage) {
      pdf.addPage();
      position = 0;
    }
    const x = (sheet.left + (position % sheet.columns) * sheet.pitchX) * MM;
    const y = (sheet.top + Math.floor(position / sheet.columns) * sheet.pitchY) * MM;
    const image = images.get(label.barcode);
    if (image !== undefined) drawLabel(pdf, sheet, x, y, label, image, options.labels);
    position += 1;
  }
  return finishPdf(pdf);
}

function drawLabel(
  pdf: PDFKit.PDFDocument,
  sheet: SheetGeometry,
  x: number,
  y: number,
  label: LabelContent,
  png: string,
  words: { price: string; mrp: string },
): void {
  const pad = 1.5 * MM;
  const width = sheet.width * MM - 2 * pad;
  const height = sheet.height * MM - 2 * pad;
  const left = x + pad;
  let top = y + pad;
  const line = (text: string, size: number, bold = false) => {
    pdf
      .font(bold ? FONT.bold : FONT.regular)
      .fontSize(size)
      .text(text, left, top, {
        width,
        height: size * 1.3,
        lineBreak: false,
        ellipsis: true,
        align: 'center',
      });
    top += size * 1.25;
  };
  line(label.name, sheet.fonts.name, true);
  const variant = [label.size, label.colour].filter((v) => v !== null && v !== '').join(' / ');
  if (variant !== '') line(variant, sheet.fonts.small);
  const priceLine = `${words.price} ₹${formatRupees(label.pricePaise, { grouped: true })}`;
  const mrpLine =
    label.mrpPaise === null ? '' : `  ${words.mrp} ₹${formatRupees(label.mrpPaise, { grouped: true })}`;
  const reserved = sheet.fonts.small * 1.25 + sheet.fonts.price * 1.3;
  const barHeight = Math.max(6, y + pad + height - top - reserved);
  pdf.image(png, left, top, { fit: [width, barHeight], align: 'center', valign: 'center' });
  top += barHeight;
  line(label.barcode, sheet.fonts.small);
  line(`${priceLine}${mrpLine}`, sheet.fonts.price, true);
}
