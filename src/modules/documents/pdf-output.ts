/**
 * pdfkit set-up shared by the renderers: metadata (title, the document's issue time as the
 * creation date) and collecting the output into a Buffer.
 */
import PDFDocument from 'pdfkit';

/** Creates a pdfkit document with Tijori's metadata. */
export function createPdf(
  options: PDFKit.PDFDocumentOptions,
  title: string,
  issuedAt: string,
): PDFKit.PDFDocument {
  return new PDFDocument({
    ...options,
    info: { Title: title, Producer: 'Tijori', Creator: 'Tijori', CreationDate: new Date(issuedAt) },
  });
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
