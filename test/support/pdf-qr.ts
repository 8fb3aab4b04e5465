/**
 * The QR codes printed in a PDF, decoded: Poppler's `pdfimages` writes the embedded images as
 * PNG, pngjs reads the pixels and jsQR decodes them, as a phone's camera would read the print.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PNG } from 'pngjs';

const run = promisify(execFile);
// jsqr is CommonJS whose function is its `default` export; its signature, as used here.
type DecodeQr = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const jsQR = (createRequire(import.meta.url)('jsqr') as { default: DecodeQr }).default;

/** The text of every QR code among the PDF's images, in page order. */
export async function qrCodesInPdf(pdf: Buffer): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'tijori-qr-'));
  try {
    writeFileSync(join(dir, 'doc.pdf'), pdf);
    await run('pdfimages', ['-png', join(dir, 'doc.pdf'), join(dir, 'img')]);
    const found: string[] = [];
    for (const name of readdirSync(dir)
      .filter((n) => n.endsWith('.png'))
      .sort()) {
      const png = PNG.sync.read(readFileSync(join(dir, name)));
      const rgba = new Uint8ClampedArray(png.width * png.height * 4);
      // pngjs gives RGBA for every colour type once decoded.
      rgba.set(png.data.subarray(0, rgba.length));
      const code = jsQR(rgba, png.width, png.height);
      if (code !== null) found.push(code.data);
    }
    return found;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
