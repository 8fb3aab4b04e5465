/**
 * The 80 mm thermal receipt as plain text (48 columns for Font A on 80 mm paper; 32 or 42 for
 * narrower printers), from the shared print model. The thermal PDF draws these same lines.
 */
import { buildDocumentView, headWithRate, type DocumentView, type PrintSettings } from './document-view.js';
import type { IssuedDocument } from '../../domain/gst/issued-document.types.js';

/** Receipt options. */
export interface ThermalOptions extends PrintSettings {
  /** Characters per line: 48 (80 mm, default), 42 or 32 (58 mm). */
  readonly width?: 32 | 42 | 48;
}

/** Splits text into lines of at most `width` characters, breaking at spaces where possible. */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    let rest = word;
    while (rest.length > width) {
      if (current !== '') lines.push(current);
      lines.push(rest.slice(0, width));
      rest = rest.slice(width);
      current = '';
    }
    if (current === '') current = rest;
    else if (current.length + 1 + rest.length <= width) current += ` ${rest}`;
    else {
      lines.push(current);
      current = rest;
    }
  }
  if (current !== '') lines.push(current);
  return lines;
}

const center = (text: string, width: number) =>
  wrapText(text, width).map((l) => l.padStart(Math.floor((width + l.length) / 2)));

function leftRight(left: string, right: string, width: number): string[] {
  if (left.length + 1 + right.length <= width) return [`${left}${right.padStart(width - left.length)}`];
  const lines = wrapText(left, width);
  return [...lines, right.padStart(width)];
}

/** The receipt as lines of text (no trailing spaces). */
export function thermalLines(view: DocumentView, width = 48): string[] {
  const rule = '-'.repeat(width);
  const out: string[] = [];
  for (const [i, line] of view.supplier.entries())
    out.push(...(i === 0 ? center(line.toUpperCase(), width) : center(line, width)));
  if (view.declaration) out.push(...center(view.declaration, width));
  out.push(
    rule,
    ...center(
      view.cancelled ? `${view.title.toUpperCase()} (${view.words.cancelled})` : view.title.toUpperCase(),
      width,
    ),
  );
  for (const [label, value] of view.meta) out.push(...wrapText(`${label}: ${value}`, width));
  if (view.buyer) out.push(rule, `${view.words.billTo}:`, ...view.buyer.flatMap((l) => wrapText(l, width)));
  out.push(rule);
  for (const row of view.rows) {
    out.push(...wrapText(`${row.number}. ${row.description}`, width));
    out.push(
      ...leftRight(`  ${row.hsnSac} ${row.quantity} ${row.unit} x ${row.unitPrice}`, row.gross, width),
    );
    if (row.discount !== '0.00')
      out.push(...leftRight(`  ${view.words.discount}`, `-${row.discount}`, width));
    const heads = row.heads.map(headWithRate).join(' ');
    out.push(...leftRight(`  ${row.rate}${heads ? ` ${heads}` : ''}`, row.total, width));
  }
  out.push(rule);
  for (const [label, value] of view.totals) out.push(...leftRight(label, value, width));
  out.push(
    ...leftRight(view.words.total.toUpperCase(), view.total, width),
    ...wrapText(view.amountInWords, width),
  );
  if (view.summary.length > 0) {
    out.push(rule, view.words.gstSummary);
    for (const s of view.summary)
      out.push(
        ...wrapText(
          `${s.rate} ${view.words.on} ${s.taxable}: ${s.heads.map(headWithRate).join(', ')}`,
          width,
        ),
      );
  }
  if (view.payments.length > 0)
    out.push(rule, view.words.paidBy, ...view.payments.flatMap((p) => wrapText(p, width)));
  if (view.upi) out.push(rule, ...wrapText(view.words.payByUpi(view.upi.amount, view.upi.vpa), width));
  out.push(rule, ...view.footer.flatMap((l) => wrapText(l, width)));
  return out.map((l) => l.trimEnd());
}

/** The receipt as text with a trailing newline. */
export function renderThermalText(doc: IssuedDocument, options: ThermalOptions = {}): string {
  return `${thermalLines(buildDocumentView(doc, options), options.width ?? 48).join('\n')}\n`;
}
