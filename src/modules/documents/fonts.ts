/**
 * The fonts of every PDF Tijori prints. pdfkit's standard fonts (Helvetica, Courier) only encode
 * Latin-1, so a shop or customer named in Devanagari printed as garbage. Noto Sans Devanagari
 * (regular and bold, OFL, shipped as TTF files by the `@expo-google-fonts/noto-sans-devanagari`
 * package; nothing is downloaded at run time) covers Latin, Devanagari and the rupee sign; pdfkit
 * embeds the used glyphs as a subset and shapes Devanagari (conjuncts, matras) through fontkit,
 * so names print as real, searchable text in either script.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** The font names a renderer passes to `pdf.font(...)` after `registerFonts`. */
export const FONT = {
  regular: 'Tijori-Sans',
  bold: 'Tijori-Sans-Bold',
  /** Fixed-width Latin for the thermal receipt's columns (lines in other scripts use `regular`). */
  mono: 'Courier',
} as const;

const PACKAGE = '@expo-google-fonts/noto-sans-devanagari';
const FILES = {
  regular: `${PACKAGE}/400Regular/NotoSansDevanagari_400Regular.ttf`,
  bold: `${PACKAGE}/700Bold/NotoSansDevanagari_700Bold.ttf`,
} as const;

let loaded: { regular: Buffer; bold: Buffer } | undefined;

/** The font files, read once per process (about 220 KB each). */
function fontFiles(): { regular: Buffer; bold: Buffer } {
  if (loaded === undefined) {
    const require = createRequire(import.meta.url);
    loaded = {
      regular: readFileSync(require.resolve(FILES.regular)),
      bold: readFileSync(require.resolve(FILES.bold)),
    };
  }
  return loaded;
}

/**
 * Registers the Devanagari-capable fonts on a document and makes the regular one current, and
 * keeps text in other scripts copyable (see `keepActualText`).
 */
export function registerFonts(pdf: PDFKit.PDFDocument): PDFKit.PDFDocument {
  const files = fontFiles();
  pdf.registerFont(FONT.regular, files.regular);
  pdf.registerFont(FONT.bold, files.bold);
  keepActualText(pdf);
  return pdf.font(FONT.regular);
}

/**
 * Shaped Devanagari is drawn in visual glyph order: the vowel sign of "कि" comes before its
 * consonant and a reph after the syllable, so a PDF reader extracting the glyphs would read
 * "किशन" as "िकशन". Every text drawn with such characters is wrapped in a marked-content span
 * whose /ActualText is the text as typed, which readers, search and copy use instead.
 */
function keepActualText(pdf: PDFKit.PDFDocument): void {
  const draw = pdf.text.bind(pdf) as (...args: unknown[]) => PDFKit.PDFDocument;
  const text = (...args: unknown[]): PDFKit.PDFDocument => {
    const [value] = args;
    if (typeof value !== 'string' || !needsUnicodeFont(value)) return draw(...args);
    pdf.markContent('Span', { actual: value });
    draw(...args);
    return pdf.endMarkedContent();
  };
  pdf.text = text;
}

/** True when a text has a character the standard (Latin-1) fonts cannot draw. */
export function needsUnicodeFont(text: string): boolean {
  return [...text].some((char) => (char.codePointAt(0) ?? 0) > 0xff);
}
