/**
 * The export package: a zip with `README.txt`, `data.json` (every section) and one CSV per
 * section, delivered encrypted: a zip with AES-256 entries (`@zip.js/zip.js`, WinZip AE-2, opens
 * in 7-Zip and most archive tools) under a random password the shop generates
 * (`generateExportPassword`, 120 bits) and gives the customer apart from the file (ADR 0062), or
 * the plain zip inside an OpenPGP message to the customer's public key (`openpgp`). Nothing here
 * touches the database.
 */
import { textCell } from '../../domain/csv-cell.js';
import { randomInt } from 'node:crypto';
import { TextReader, Uint8ArrayWriter, ZipWriter, configure } from '@zip.js/zip.js';
import * as openpgp from 'openpgp';
import { invalid } from '../../domain/app-error.js';
import type { SubjectSection } from './subject-data.js';

configure({ useWebWorkers: false });

export type Protection = { kind: 'password'; password: string } | { kind: 'openpgp'; publicKey: string };

export const MIN_EXPORT_PASSWORD = 12;

/**
 * Crockford's base32 symbols (digits and capitals without I, L, O and U): none is mistaken for
 * another when read out, printed or typed, and 32 symbols give exactly 5 bits each.
 */
export const EXPORT_PASSWORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Six groups of four symbols: 24 x 5 = 120 bits, e.g. `7K2M-QX9P-4RTB-H3WZ-C8NV-6JDF`. */
export const EXPORT_PASSWORD_GROUPS = 6;
export const EXPORT_PASSWORD_GROUP_LENGTH = 4;
export const EXPORT_PASSWORD_BITS =
  EXPORT_PASSWORD_GROUPS * EXPORT_PASSWORD_GROUP_LENGTH * Math.log2(EXPORT_PASSWORD_ALPHABET.length);

/**
 * A zip password nobody chose: uniform over 2^120 values (CSPRNG, no modulo bias), so the zip's
 * weak key derivation (PBKDF2-SHA1, 1,000 iterations) no longer decides how hard it is to open.
 */
export function generateExportPassword(): string {
  const groups: string[] = [];
  for (let g = 0; g < EXPORT_PASSWORD_GROUPS; g += 1) {
    let group = '';
    for (let i = 0; i < EXPORT_PASSWORD_GROUP_LENGTH; i += 1)
      group += EXPORT_PASSWORD_ALPHABET[randomInt(EXPORT_PASSWORD_ALPHABET.length)];
    groups.push(group);
  }
  return groups.join('-');
}

const README = `Your data, as held by this shop (an export under the DPDP Act 2023, GDPR art. 15/20 and CCPA).

data.json holds everything in one file; each CSV file holds one section:
  customers             your profile (name, phone, email, address, GSTIN, credit limit, balance)
  customer_ledger       your running account (credit sales, payments)
  sales_documents       invoices and credit notes issued to you, with the buyer details printed on them
  sales_document_lines  their lines; sales_payments: how each was paid
  consent_events        every consent you gave or withdrew; consent_current: what stands now
  privacy_requests      your privacy requests; privacy_request_events: their steps
Amounts are in paise (100 paise = 1 rupee). Times are UTC (ISO 8601); dates are Indian dates.
Invoices are kept for 72 months as GST law requires (CGST Act s.36), even after an erasure.
`;

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  // A spreadsheet must not run a cell as a formula (the one escaper).
  return textCell(typeof value === 'string' ? value : JSON.stringify(value));
}

/** One section as CSV with a header row (RFC 4180). */
export function sectionCsv(section: SubjectSection): string {
  const columns = [...new Set(section.rows.flatMap((r) => Object.keys(r)))];
  const lines = [columns.join(',')];
  for (const row of section.rows) lines.push(columns.map((c) => csvCell(row[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export interface PackageInput {
  customerId: string;
  generatedAt: string;
  sections: readonly SubjectSection[];
}

/** Records per section. */
export function sectionCounts(sections: readonly SubjectSection[]): Record<string, number> {
  return Object.fromEntries(sections.map((s) => [s.table, s.rows.length]));
}

async function zipEntries(input: PackageInput, password?: string): Promise<Uint8Array> {
  const writer = new ZipWriter(
    new Uint8ArrayWriter(),
    password === undefined ? {} : { password, encryptionStrength: 3 },
  );
  const data = {
    customerId: input.customerId,
    generatedAt: input.generatedAt,
    counts: sectionCounts(input.sections),
    sections: Object.fromEntries(
      input.sections.map((s) => [s.table, { description: s.description, rows: s.rows }]),
    ),
  };
  await writer.add('README.txt', new TextReader(README));
  await writer.add('data.json', new TextReader(JSON.stringify(data, null, 2)));
  for (const section of input.sections)
    await writer.add(`${section.table}.csv`, new TextReader(sectionCsv(section)));
  return writer.close();
}

/** Builds the package and encrypts it for the customer. */
export async function buildPackage(input: PackageInput, protection: Protection): Promise<Buffer> {
  if (protection.kind === 'password') {
    if ([...protection.password].length < MIN_EXPORT_PASSWORD)
      throw invalid('protection.password', `use at least ${MIN_EXPORT_PASSWORD} characters`);
    return Buffer.from(await zipEntries(input, protection.password));
  }
  let key: openpgp.Key;
  try {
    key = await openpgp.readKey({ armoredKey: protection.publicKey });
  } catch {
    throw invalid('protection.publicKey', 'must be an armored OpenPGP public key');
  }
  if (key.isPrivate()) throw invalid('protection.publicKey', 'give the public key, never a private key');
  try {
    await key.getEncryptionKey();
  } catch {
    throw invalid('protection.publicKey', 'this key cannot encrypt (expired, revoked or signing-only)');
  }
  const zip = await zipEntries(input);
  const message = await openpgp.createMessage({ binary: zip });
  // openpgp's stream typings are not shipped; with a Uint8Array message the result is one too.
  const encrypted = (await openpgp.encrypt({
    message,
    encryptionKeys: key,
    format: 'binary',
  })) as unknown as Uint8Array;
  return Buffer.from(encrypted);
}
