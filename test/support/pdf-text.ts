/** The text of a PDF as Poppler's `pdftotext` extracts it (layout kept), for document checks. */
import { execFile } from 'node:child_process';

export function pdftotext(pdf: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile('pdftotext', ['-layout', '-enc', 'UTF-8', '-', '-'], (error, stdout) => {
      if (error !== null) reject(new Error(`pdftotext failed: ${error.message}`));
      else resolve(stdout);
    });
    child.stdin?.end(pdf);
  });
}
