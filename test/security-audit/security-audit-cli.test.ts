/**
 * The commands end to end on both engines: `tijori security-audit` prints every check with what to
 * do and exits 1 when one fails; `--json` prints signed reports that `tijori keys public-key`
 * verifies; `--export-json/--export-pdf` write signed files readable only by their owner; a backup
 * and its test restore (`tijori restore FILE --verify-only`) turn the backup checks to pass, while
 * a damaged file fails the test restore (exit 1) and is recorded as such.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  verifySignedReport,
  type SignedReport,
} from '../../src/modules/security-audit/security-audit-report.js';
import { runTijori } from '../support/cli.js';
import { describeEachEngine } from '../support/engines.js';

describeEachEngine('security-audit commands', (getDb) => {
  const root = mkdtempSync(join(tmpdir(), 'tijori-sa-cli-'));
  let dataDir: string;
  let env: Record<string, string>;
  let publicKey: string;

  beforeAll(async () => {
    const location = getDb().location;
    // SQLite: the suite's database file lives in the data folder; PostgreSQL: the suite's database.
    dataDir = location.sqlitePath === undefined ? join(root, 'data') : dirname(location.sqlitePath);
    env = {
      TIJORI_DATA_DIR: dataDir,
      TIJORI_OWNER_PASSWORD: 'saffron kettle monsoon lantern 42',
      ...(location.url === undefined ? {} : { TIJORI_DATABASE_URL: location.url }),
    };
    const init = await runTijori(
      [
        'init',
        '--business',
        'Fake Fertilisers',
        '--gstin',
        '27AAPFU0939F1ZV',
        '--state',
        '27',
        '--owner-email',
        'asha.fake@example.test',
        '--non-interactive',
      ],
      env,
    );
    expect(init.code).toBe(0);
    const key = await runTijori(['keys', 'public-key'], env);
    publicKey = key.stdout.slice(key.stdout.indexOf('-----BEGIN'));
  }, 60_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('prints every check with what to do, and exits 1 when a check fails', async () => {
    const run = await runTijori(['security-audit'], env);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/Security self-audit of Fake Fertilisers/);
    expect(run.stdout).toMatch(/Score \d+(\.\d)?\/100/);
    expect(run.stdout).toMatch(/FAIL {3}identity\.mfa-missing/);
    expect(run.stdout).toMatch(
      /FAIL {3}backups\.recent +A backup in the last 24 hours\n +No backup has ever been made\.\n +What to do: Run `tijori backup/,
    );
    expect(run.stdout).toMatch(/pass {3}audit\.chain/);
    expect(run.stdout).not.toContain('asha.fake');
  });

  it('--json prints signed reports that the installation public key verifies', async () => {
    const run = await runTijori(['security-audit', '--json'], env);
    expect(run.code).toBe(1);
    const { reports } = JSON.parse(run.stdout) as { reports: SignedReport[] };
    expect(reports).toHaveLength(1);
    expect(verifySignedReport(reports[0] as SignedReport, publicKey)).toBe(true);
  });

  it('writes signed JSON and PDF exports readable only by their owner', async () => {
    const json = join(root, 'report.json');
    const pdf = join(root, 'report.pdf');
    const run = await runTijori(['security-audit', '--export-json', json, '--export-pdf', pdf], env);
    expect(run.stdout).toContain(`Signed JSON report written to ${json}`);
    for (const file of [json, pdf]) expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(verifySignedReport(JSON.parse(readFileSync(json, 'utf8')) as SignedReport, publicKey)).toBe(true);
    const doc = await getDocumentProxy(new Uint8Array(readFileSync(pdf)));
    const attached = Object.values(
      (await doc.getAttachments()) as Record<string, { content: Uint8Array }>,
    )[0];
    const inside = JSON.parse(Buffer.from(attached?.content ?? []).toString('utf8')) as SignedReport;
    expect(verifySignedReport(inside, publicKey)).toBe(true);
    expect((await runTijori(['security-audit', '--export-json', json], env)).code).toBe(2);
  });

  it('a backup and its test restore turn both backup checks to pass; a damaged file fails the test', async () => {
    const file = join(root, 'shop.backup');
    expect((await runTijori(['backup', '--out', file], env)).code).toBe(0);
    const verify = await runTijori(['restore', file, '--verify-only'], env);
    expect(verify.stdout).toMatch(
      /Test restore passed: .* \d+ rows, 2 audit chain\(s\) with \d+ entries, \d+ data key\(s\)\. The live data was not touched\./,
    );
    expect(verify.code).toBe(0);
    const audit = await runTijori(['security-audit'], env);
    expect(audit.stdout).toMatch(/pass {3}backups\.recent/);
    expect(audit.stdout).toMatch(/pass {3}backups\.restore-tested/);

    const damaged = join(root, 'damaged.backup');
    const bytes = readFileSync(file);
    bytes[bytes.length - 20] = (bytes[bytes.length - 20] ?? 0) ^ 0xff;
    writeFileSync(damaged, bytes);
    const bad = await runTijori(['restore', damaged, '--verify-only'], env);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/Test restore FAILED/);
    const outcomes = await getDb()
      .db.selectFrom('backup_records')
      .select(['kind', 'outcome'])
      .orderBy('occurred_at')
      .execute();
    expect(outcomes).toEqual([
      { kind: 'backup', outcome: 'success' },
      { kind: 'restore_test', outcome: 'success' },
      { kind: 'restore_test', outcome: 'failure' },
    ]);
  });
});
