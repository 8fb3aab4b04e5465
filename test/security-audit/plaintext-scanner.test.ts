/**
 * Acceptance of the plaintext scanner on both engines: card, Aadhaar, PAN, phone and email values
 * seeded into every text column of every table are found (except where a declared exemption says
 * why not), each with its row key and a masked sample; a shop's ordinary data (hundreds of
 * invoices, customers, credit notes, cancellations, the audit trail) gives no finding; no report
 * ever holds a full value; and paging by key reads every row whatever the page size.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { personalDataKinds } from '../../src/domain/personal-data.js';
import {
  scanPlaintext,
  type ScanReport,
} from '../../src/modules/security-audit/scanner/plaintext-scanner.js';
import { exemptionsFor, tableExempt } from '../../src/modules/security-audit/scanner/scan-exemptions.js';
import { readCatalog } from '../../src/modules/security-audit/scanner/column-catalog.js';
import { createMigratedDatabase, describeEachEngine, type TestDatabase } from '../support/engines.js';
import { createTenant } from '../support/factories.js';
import { seedRoles } from '../support/identity.js';
import { createAuditFixture, type AuditFixture } from './support/audit-fixture.js';
import { generateOrdinaryShop } from './support/ordinary-shop.js';
import { seedEveryTextColumn, type SeededCell } from './support/seed-columns.js';
import { aadhaarWithCheckDigit } from './support/numbers.js';

const AADHAAR = aadhaarWithCheckDigit('23456789012');
const RAW = {
  card_number: '4111 1111 1111 1111',
  aadhaar: `${AADHAAR.slice(0, 4)} ${AADHAAR.slice(4, 8)} ${AADHAAR.slice(8)}`,
  pan: 'ABCPE1234F',
  phone: '+91 98765 43210',
  email: 'ravi.fake@example.test',
} as const;
const SEED = `card ${RAW.card_number}; aadhaar ${RAW.aadhaar}; PAN ${RAW.pan}; call ${RAW.phone}; mail ${RAW.email}`;

/** No full value in the text, in any spacing. */
function expectNoFullValue(text: string): void {
  const squeezed = text.replace(/[\s-]/g, '');
  for (const value of Object.values(RAW)) expect(squeezed).not.toContain(value.replace(/[\s-]/g, ''));
  expect(squeezed).not.toContain('9876543210');
}

async function countRows(db: TestDatabase['db'], engine: string): Promise<number> {
  let total = 0;
  for (const t of await readCatalog(db, engine === 'postgres' ? 'postgres' : 'sqlite')) {
    if (tableExempt(t.name) !== undefined) continue;
    if (!t.columns.some((c) => c.kind !== 'other')) continue;
    const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(t.name)}`.execute(db);
    total += Number(rows[0]?.n ?? 0);
  }
  return total;
}

describeEachEngine('plaintext scanner: every text column', (_getDb, engine) => {
  let db: TestDatabase;
  let cells: SeededCell[];
  let report: ScanReport;

  beforeAll(async () => {
    db = await createMigratedDatabase(engine);
    cells = await seedEveryTextColumn(db.db, engine, SEED);
    report = await scanPlaintext(db.db, engine, { pageSize: 7 });
  });
  afterAll(async () => {
    await db?.close();
  });

  it('seeds a value into every text column the catalog lists (more than 200)', () => {
    expect(cells.length).toBeGreaterThan(200);
    expect(new Set(cells.map((c) => c.table)).size).toBeGreaterThan(40);
  });

  it('finds each kind in each column, at the seeded row, unless a declared exemption says why', () => {
    const missing: string[] = [];
    for (const cell of cells) {
      if (tableExempt(cell.table) !== undefined) continue;
      const exempt = new Set(
        exemptionsFor(cell.table, cell.column).flatMap((e) => e.kinds ?? personalDataKinds),
      );
      for (const kind of personalDataKinds) {
        const finding = report.findings.find(
          (f) => f.table === cell.table && f.column === cell.column && f.kind === kind,
        );
        if (exempt.has(kind)) {
          expect(finding, `${cell.table}.${cell.column} ${kind} is exempt`).toBeUndefined();
          continue;
        }
        const atRow = finding?.examples.some((e) =>
          Object.entries(cell.key).every(
            ([k, v]) => k === 'tenant_id' || e.key[k] === v || e.key[k]?.includes('X'),
          ),
        );
        if (atRow !== true) missing.push(`${cell.table}.${cell.column}:${kind}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('declares a reason for every exemption, and exempts only digests, keys, tokens and the shop’s own details', () => {
    expect(report.exemptions.every((e) => e.reason.length > 10)).toBe(true);
    const exemptColumns = new Set(report.exemptions.filter((e) => e.kinds === 'all').map((e) => e.column));
    for (const column of exemptColumns)
      expect(column).toMatch(/hash|_idx|key|index|wrapped|challenge|note|credential_id|^\*$|_id$/);
  });

  it('reports masked samples and never a full value', () => {
    expectNoFullValue(JSON.stringify(report));
    const samples = report.findings.flatMap((f) => f.examples.map((e) => `${f.kind}:${e.sample}`));
    expect(samples).toContain('card_number:XXXX-XXXX-XXXX-1111');
    expect(samples).toContain(`aadhaar:XXXX-XXXX-${AADHAAR.slice(8)}`);
    expect(samples).toContain('phone:98xxxxxx10');
    expect(samples).toContain('email:r***@example.test');
  });

  it('reads every row in keyset pages of any size', async () => {
    expect(report.rowsScanned).toBe(await countRows(db.db, engine));
  });
});

describeEachEngine('plaintext scanner: a shop’s ordinary data', (getDb, engine) => {
  let f: AuditFixture;
  let report: ScanReport;
  let generated: Awaited<ReturnType<typeof generateOrdinaryShop>>;

  beforeAll(async () => {
    f = await createAuditFixture(getDb(), engine);
    const shop = await createTenant(f.db, { name: 'Fake Fabrics' });
    await seedRoles(f.db, shop.tenantId);
    generated = await generateOrdinaryShop(f.services, f.db, shop, 240);
    report = await scanPlaintext(f.db, engine, { pageSize: 500 });
  });
  afterAll(async () => {
    await f?.close();
  });

  it('finds no personal data in clear in hundreds of ordinary invoices and everything around them', () => {
    expect(generated.invoices).toBe(240);
    expect(generated.creditNotes + generated.cancellations).toBeGreaterThan(40);
    expect(report.rowsScanned).toBeGreaterThan(2000);
    expect(report.findings).toEqual([]);
  });
});

describeEachEngine('plaintext scanner: scope', (getDb, engine) => {
  it('a tenant scan reads only that tenant’s rows (installation tables are listed as out of scope)', async () => {
    const mine = await createTenant(getDb().db, { name: 'Mine' });
    const other = await createTenant(getDb().db, { name: 'Other' });
    for (const t of [mine, other])
      await getDb()
        .db.updateTable('stores')
        .set({ address: `note ${RAW.phone}` })
        .where('tenant_id', '=', t.tenantId)
        .execute();
    const report = await scanPlaintext(getDb().db, engine, { tenantId: mine.tenantId });
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]?.examples).toEqual([{ key: { id: mine.storeId }, sample: '98xxxxxx10' }]);
    expect(report.outOfScope).toContain('installation');
  });
});
