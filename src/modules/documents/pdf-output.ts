/**
 * pdfkit set-up shared by the renderers: metadata (title, the document's issue time as the
 * creation date), the Devanagari-capable fonts (fonts.ts) and collecting the output into a Buffer.
 */
import PDFDocument from 'pdfkit';
import { registerFonts } from './fonts.js';

/** Creates a pdfkit document with Tijori's metadata and fonts (the regular font current). */
export function createPdf(
  options: PDFKit.PDFDocumentOptions,
  title: string,
  issuedAt: string,
): PDFKit.PDFDocument {
  const pdf = new PDFDocument({
    ...options,
    info: { Title: title, Producer: 'Tijori', Creator: 'Tijori', CreationDate: new Date(issuedAt) },
  });
  return registerFonts(pdf);
}

/** Ends the document and resolves with its bytes. */
export function finishPdf(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}
