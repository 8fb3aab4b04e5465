/**
 * Reads barcodes back from a PDF for label checks: the images through Poppler's `pdfimages`,
 * then an EAN-13 decoder over one pixel row (bars measured in modules, digits from the L/G/R
 * code tables and the first digit from the left half's parity pattern), independent of the
 * library that drew them.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';

/** Every distinct image of the PDF as a decoded PNG. */
export async function pdfImages(pdf: Buffer): Promise<PNG[]> {
  const dir = await mkdtemp(join(tmpdir(), 'tijori-img-'));
  try {
    const file = join(dir, 'in.pdf');
    await writeFile(file, pdf);
    execFileSync('pdfimages', ['-png', file, join(dir, 'img')]);
    const names = (await readdir(dir)).filter((n) => n.endsWith('.png')).sort();
    return Promise.all(names.map(async (n) => PNG.sync.read(await readFile(join(dir, n)))));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const L = [
  '0001101',
  '0011001',
  '0010011',
  '0111101',
  '0100011',
  '0110001',
  '0101111',
  '0111011',
  '0110111',
  '0001011',
];
const R = L.map((code) => [...code].map((b) => (b === '1' ? '0' : '1')).join(''));
const G = R.map((code) => [...code].reverse().join(''));
const FIRST = [
  'LLLLLL',
  'LLGLGG',
  'LLGGLG',
  'LLGGGL',
  'LGLLGG',
  'LGGLLG',
  'LGGGLL',
  'LGLGLG',
  'LGLGGL',
  'LGGLGL',
];

/** The 13 digits an EAN-13 image holds (its middle row), or undefined if it does not read. */
export function decodeEan13(png: PNG): string | undefined {
  const y = Math.floor(png.height / 2);
  const dark = (x: number) => {
    const i = (y * png.width + x) * 4;
    const alpha = png.data[i + 3] ?? 255;
    const lum = ((png.data[i] ?? 255) + (png.data[i + 1] ?? 255) + (png.data[i + 2] ?? 255)) / 3;
    return alpha > 127 && lum < 128;
  };
  let first = -1;
  let last = -1;
  for (let x = 0; x < png.width; x += 1)
    if (dark(x)) {
      if (first < 0) first = x;
      last = x;
    }
  if (first < 0) return undefined;
  const module = (last - first + 1) / 95;
  const bits = Array.from({ length: 95 }, (_, m) =>
    dark(Math.floor(first + (m + 0.5) * module)) ? '1' : '0',
  ).join('');
  if (bits.slice(0, 3) !== '101' || bits.slice(45, 50) !== '01010' || bits.slice(92) !== '101')
    return undefined;
  let parity = '';
  let digits = '';
  for (let d = 0; d < 6; d += 1) {
    const code = bits.slice(3 + d * 7, 10 + d * 7);
    const l = L.indexOf(code);
    const g = G.indexOf(code);
    if (l >= 0) {
      parity += 'L';
      digits += String(l);
    } else if (g >= 0) {
      parity += 'G';
      digits += String(g);
    } else return undefined;
  }
  for (let d = 0; d < 6; d += 1) {
    const r = R.indexOf(bits.slice(50 + d * 7, 57 + d * 7));
    if (r < 0) return undefined;
    digits += String(r);
  }
  const lead = FIRST.indexOf(parity);
  return lead < 0 ? undefined : `${lead}${digits}`;
}
