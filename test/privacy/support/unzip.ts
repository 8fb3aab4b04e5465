/** Reads an export package back: every entry of a (password-protected) zip as text. */
import { TextWriter, Uint8ArrayReader, ZipReader } from '@zip.js/zip.js';

export async function unzipText(bytes: Uint8Array, password?: string): Promise<Map<string, string>> {
  const reader = new ZipReader(new Uint8ArrayReader(bytes), password === undefined ? {} : { password });
  const out = new Map<string, string>();
  for (const entry of await reader.getEntries()) {
    if (entry.directory) continue;
    out.set(entry.filename, await entry.getData(new TextWriter()));
  }
  await reader.close();
  return out;
}
