/**
 * The audit commands end to end on both engines: checkpoints printed (and appended to a file) verify
 * later; the viewer lists and exports (the export is recorded); backups and restores are in the
 * installation chain; restoring an older backup rewinds the trail, which a checkpoint kept off the
 * machine shows; the shared job schedule is listed and a job can be run on demand.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { runTijori as runCli } from '../support/cli.js';
import { describeCliEachEngine } from '../support/cli-engines.js';

describeCliEachEngine('audit commands', (install, _engine, root) => {
  let dataDir = '';
  let env: Record<string, string> = {};
  let tenantId = '';
  // Every command runs against the suite's installation (its database URL on PostgreSQL).
  const runTijori = (args: string[], extra: Record<string, string> = {}) =>
    runCli(args, { ...env, ...extra });

  beforeAll(async () => {
    const installation = await install();
    dataDir = installation.dataDir;
    env = { ...installation.env, TIJORI_OWNER_PASSWORD: 'saffron kettle monsoon lantern 42' };
    const init = await runTijori(
      [
        'init',
        '--data-dir',
        dataDir,
        '--business',
        'Verma Fertilisers',
        '--gstin',
        '27AAPFU0939F1ZV',
        '--state',
        '27',
        '--owner-email',
        'owner@verma.example',
        '--non-interactive',
      ],
      env,
    );
    expect(init.stderr).toBe('');
    tenantId = /tenant ([0-9a-f-]{36})/.exec(init.stdout)?.[1] ?? '';
    expect(tenantId).not.toBe('');
  }, 60_000);

  it('prints signed checkpoints for every chain; kept in a file they verify later', async () => {
    const file = join(root, 'kept.checkpoints');
    const run = await runTijori(['audit', 'checkpoint', '--out', file, '--data-dir', dataDir]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(
        `^tijori/audit/${tenantId}\\n\\d+\\n[A-Za-z0-9+/=]{44}\\ntime \\S+\\nkind manual\\n\\n\u2014 tijori-[0-9a-f]{16} \\S+\\n`,
      ),
    );
    expect(run.stdout).toMatch(/tijori\/audit\/_installation\n/);
    expect(readFileSync(file, 'utf8')).toBe(run.stdout);
    const verify = await runTijori(['audit', 'verify', '--checkpoint', file, '--data-dir', dataDir]);
    expect(verify.stdout).toMatch(
      new RegExp(`ok {4}tenant ${tenantId}: \\d+ entries verified .*1 external checkpoint`),
    );
    expect(verify.stdout).toMatch(/ok {4}installation chain: /);
    expect(verify.code).toBe(0);
  });

  it('lists entries with filters, and exports them (recorded)', async () => {
    const list = await runTijori(['audit', 'list', '--action', 'user.create', '--data-dir', dataDir]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(
      /^\s+\d+ {2}\d+ \w+ \d{4}, \d\d:\d\d IST\s+user\.create\s+success\s+system:setup {2}user:[0-9a-f-]{36}\n$/,
    );
    const keys = await runTijori(['audit', 'list', '--action', 'key.', '--data-dir', dataDir]);
    expect(keys.stdout).toMatch(/key\.create/);
    const csv = await runTijori(['audit', 'list', '--csv', '--action', 'user.create', '--data-dir', dataDir]);
    expect(csv.stdout.split('\r\n')[0]).toMatch(/^seq,occurred_at,actor_type/);
    const recorded = await runTijori(['audit', 'list', '--action', 'audit.export', '--data-dir', dataDir]);
    expect(recorded.stdout).toMatch(/audit\.export\s+success\s+system:cli/);
    expect((await runTijori(['audit', 'list', '--since', 'last tuesday', '--data-dir', dataDir])).code).toBe(
      2,
    );
    expect(
      (await runTijori(['audit', 'verify', '--tenant', 'no-such-shop', '--data-dir', dataDir])).code,
    ).toBe(2);
  });

  it('records backups and restores; a restore of an older backup rewinds the trail, and a kept checkpoint shows it', async () => {
    const backupFile = join(root, 'shop.tjb');
    expect((await runTijori(['backup', '--out', backupFile, '--data-dir', dataDir])).code).toBe(0);
    const installation = await runTijori([
      'audit',
      'list',
      '--tenant',
      '_installation',
      '--action',
      'key.',
      '--data-dir',
      dataDir,
    ]);
    expect(installation.stdout).toMatch(/key\.backup\s+success\s+system:backup/);
    // Later activity, and a checkpoint of it kept elsewhere.
    const later = join(root, 'later.checkpoints');
    expect(
      (await runTijori(['audit', 'checkpoint', '--tenant', tenantId, '--out', later, '--data-dir', dataDir]))
        .code,
    ).toBe(0);
    expect((await runTijori(['restore', backupFile, '--data-dir', dataDir])).code).toBe(0);
    const restored = await runTijori([
      'audit',
      'list',
      '--tenant',
      '_installation',
      '--action',
      'key.restore',
      '--data-dir',
      dataDir,
    ]);
    expect(restored.stdout).toMatch(/key\.restore\s+success/);
    const verify = await runTijori(['audit', 'verify', '--checkpoint', later, '--data-dir', dataDir]);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toMatch(
      new RegExp(
        `FAIL  tenant ${tenantId}: first bad entry \\d+: the external signed checkpoint of .* covers \\d+ entries but the chain ends at \\d+`,
      ),
    );
  });

  it('lists the shared job schedule and runs a job on demand', async () => {
    const list = await runTijori(['jobs', 'list', '--data-dir', dataDir]);
    for (const name of [
      'audit-checkpoint',
      'audit-verify',
      'audit-retention',
      'monitoring-detectors',
      'notification-delivery',
      'key-rotation',
    ])
      expect(list.stdout).toContain(name);
    const run = await runTijori(['jobs', 'run', 'audit-checkpoint', '--data-dir', dataDir]);
    expect(run.stdout).toBe('audit-checkpoint: success\n');
    expect((await runTijori(['jobs', 'run', 'no-such-job', '--data-dir', dataDir])).code).toBe(2);
    expect((await runTijori(['alerts', 'list', '--data-dir', dataDir])).stdout).toBe('No alerts.\n');
  });
});
