/**
 * A rotation killed halfway, for real: `tijori keys rotate` runs as its own process and is killed
 * with SIGKILL in the middle of re-encrypting; the same command then resumes the rotation where
 * the database says it stopped, completes it, and every value still decrypts.
 */
import { beforeAll, expect, it } from 'vitest';
import { withRuntime } from '../../src/cli/runtime.js';
import type { Config } from '../../src/config/config.js';
import { rotateKeysCli, runTijori, spawnTijori } from '../support/cli.js';
import { describeCliEachEngine, type CliInstallation } from '../support/cli-engines.js';

const CUSTOMERS = 3000;

describeCliEachEngine('a rotation killed halfway', (install) => {
  let installation: CliInstallation;
  let dataDir = '';
  let config: Config;
  const ref = (i: number) => ({
    tenantId: 't1',
    table: 'customers',
    column: 'phone',
    rowId: `c${String(i)}`,
    subjectId: `c${String(i)}`,
  });
  const envelopes: string[] = [];

  beforeAll(async () => {
    installation = await install();
    dataDir = installation.dataDir;
    config = installation.config();
    expect(
      (await runTijori(['init', '--data-dir', dataDir, '--non-interactive'], installation.env)).code,
    ).toBe(0);
    // 3,000 customers: their keys (subject_keys, under the tenant's customer_pii key) are what the
    // rotation re-encrypts.
    await withRuntime(config, async ({ services }) => {
      for (let i = 0; i < CUSTOMERS; i += 1)
        envelopes.push(
          await services.fieldCipher.encrypt('customer_pii', ref(i), `+91984${String(5_000_000 + i)}`),
        );
    });
  }, 240_000);

  async function versions(): Promise<Map<string, number>> {
    const handle = installation.open();
    try {
      const rows = await handle.db
        .selectFrom('subject_keys')
        .select('wrapped')
        .where('tenant_id', '=', 't1')
        .execute();
      const counts = new Map<string, number>();
      for (const r of rows) {
        const v = (r.wrapped ?? '').split(':')[2] ?? '?';
        counts.set(v, (counts.get(v) ?? 0) + 1);
      }
      return counts;
    } finally {
      await handle.close();
    }
  }

  it('resumes after SIGKILL and completes; every value still decrypts', async () => {
    const child = spawnTijori(
      [
        'keys',
        'rotate',
        '--purpose',
        'customer_pii',
        '--tenant',
        't1',
        '--batch-size',
        '100',
        '--pause-ms',
        '150',
      ],
      { ...installation.env, TIJORI_DATA_DIR: dataDir, TIJORI_ACTIVE_KEY_CACHE_SECONDS: '1' },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('exit', (_code, signal) => resolve(signal)),
    );
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no progress: ${output}`)), 120_000);
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
        const percents = [...output.matchAll(/(\d+)%/g)].map((m) => Number(m[1]));
        if (percents.some((p) => p >= 20)) {
          clearTimeout(timer);
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    });
    expect(await exited).toBe('SIGKILL');
    expect(output).toMatch(/Rotating customer_pii of tenant t1: v1 -> v2, 3000 value\(s\) to re-encrypt/);
    const halfway = await versions();
    expect(halfway.get('1')).toBeGreaterThan(0);
    expect(halfway.get('2')).toBeGreaterThan(0);
    expect((halfway.get('1') ?? 0) + (halfway.get('2') ?? 0)).toBe(CUSTOMERS);

    const resumed = await rotateKeysCli(dataDir, 'customer_pii', 't1', installation.env);
    expect(resumed.stderr).toBe('');
    expect(resumed.stdout).toMatch(/Resuming the rotation of customer_pii of tenant t1: v1 -> v2/);
    expect(resumed.stdout).toMatch(/v1 is retired/);
    expect(await versions()).toEqual(new Map([['2', CUSTOMERS]]));
    await withRuntime(config, async ({ services }) => {
      for (let i = 0; i < CUSTOMERS; i += 1)
        expect(await services.fieldCipher.decrypt(ref(i), envelopes[i] ?? '')).toBe(
          `+91984${String(5_000_000 + i)}`,
        );
    });
  }, 240_000);
});
