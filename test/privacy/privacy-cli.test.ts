/**
 * The privacy commands of the real CLI on a fresh data folder (SQLite): `privacy retention
 * --dry-run` shows each policy and changes nothing, `privacy retention` runs, `privacy report`
 * writes the compliance report PDF readable only by its owner, and a bad policy name is a usage
 * error (exit 2).
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { initDemoShop, runTijori } from '../support/cli.js';

const root = mkdtempSync(join(tmpdir(), 'tijori-privacy-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const dataDir = join(root, 'shop');

describe('privacy CLI [sqlite]', () => {
  it('dry-runs and runs retention, and writes the compliance report', async () => {
    const init = await initDemoShop(dataDir);
    expect(init.code).toBe(0);
    const dry = await runTijori(['privacy', 'retention', '--dry-run', '--data-dir', dataDir]);
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^Dry run \(nothing changed\)/);
    for (const policy of ['customer_inactive', 'tax_records', 'audit', 'sessions', 'login_attempts'])
      expect(dry.stdout).toContain(policy);
    const json = await runTijori([
      'privacy',
      'retention',
      '--policy',
      'sessions',
      '--json',
      '--data-dir',
      dataDir,
    ]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ dryRun: false, policies: [{ policy: 'sessions' }] });
    const bad = await runTijori(['privacy', 'retention', '--policy', 'everything', '--data-dir', dataDir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown policy everything');
    const out = join(root, 'report.pdf');
    const report = await runTijori(['privacy', 'report', '--out', out, '--data-dir', dataDir]);
    expect(report.code).toBe(0);
    expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
    expect(statSync(out).mode & 0o077).toBe(0);
  }, 120_000);
});
