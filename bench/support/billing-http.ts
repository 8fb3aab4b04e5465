/**
 * Checkout over HTTPS for the billing benchmark: a real `tijori serve` in its own process on a
 * data folder prepared by `tijori init --demo`, an API token from `tijori tokens create`, and
 * autocannon with 50 connections posting 5-line carts for a named customer, each request with
 * its own Idempotency-Key.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { openDatabase, sqlitePathFor } from '../../src/db/database.js';
import { demoBarcode } from '../../src/modules/billing/demo-data.service.js';
import { spawnTijori, waitForOutput } from '../../test/support/cli.js';
import { freePort } from '../../test/support/net.js';
import { repoRoot } from '../harness.js';

const OWNER = 'owner@bench.example';

function tijori(args: string[], env: Record<string, string>): string {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/bin.ts', ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`tijori ${args[0]} failed: ${run.stderr}`);
  return run.stdout;
}

async function serve(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawnTijori(['serve'], { ...env, TIJORI_LOG_LEVEL: 'warn' });
  await waitForOutput(child, /is running at/);
  child.stdout.resume();
  child.stderr.resume();
  return child;
}

/** The installation's store (read from its database; the API has no store listing yet). */
async function firstStoreId(dataDir: string, databaseUrl?: string): Promise<string> {
  const handle = openDatabase(
    databaseUrl === undefined ? { sqlitePath: sqlitePathFor(dataDir) } : { url: databaseUrl, poolSize: 1 },
  );
  try {
    return (await handle.db.selectFrom('stores').select('id').executeTakeFirstOrThrow()).id;
  } finally {
    await handle.close();
  }
}

const WARMUP_S = 3;

/** Refreshes the planner's statistics (and so the plans every connection keeps). */
async function analyze(databaseUrl: string): Promise<void> {
  const handle = openDatabase({ url: databaseUrl, poolSize: 1 });
  try {
    await sql`analyze`.execute(handle.db);
  } finally {
    await handle.close();
  }
}

export interface HttpResult {
  invoicesPerSecond: number;
  p50: number;
  p99: number;
  total: number;
  /** Requests of the measured run that failed without an answer (connection errors, timeouts). */
  failed: number;
}

/** Runs the HTTPS checkout load against a fresh installation (SQLite, or PostgreSQL at `databaseUrl`). */
export async function httpsCheckout(options: {
  databaseUrl?: string;
  durationS: number;
}): Promise<HttpResult> {
  const dir = mkdtempSync(join(tmpdir(), 'tijori-bench-https-'));
  const port = await freePort();
  const env: Record<string, string> = {
    TIJORI_DATA_DIR: dir,
    TIJORI_PORT: String(port),
    TIJORI_HOST: '127.0.0.1',
    TIJORI_OWNER_PASSWORD: 'lantern quiet monsoon teapot harbour',
    ...(options.databaseUrl === undefined
      ? {}
      : { TIJORI_DATABASE_URL: options.databaseUrl, TIJORI_DATABASE_POOL_SIZE: '20' }),
  };
  tijori(
    [
      'init',
      '--business',
      'Bench Apparel',
      '--gstin',
      '24AAQCA8719H1ZC',
      '--state',
      '24',
      '--owner-email',
      OWNER,
      '--non-interactive',
      '--demo',
    ],
    env,
  );
  const token = tijori(
    ['tokens', 'create', '--user', OWNER, '--scopes', 'invoice.create,customer.read', '--expires', '1d'],
    env,
  ).trim();
  const server = await serve(env);
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
  try {
    const base = `https://127.0.0.1:${port}/api/v1`;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const lookup = await fetch(`${base}/customers/lookup`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ phone: '+91 90000 00001' }),
    });
    const customerId = ((await lookup.json()) as { customers: Array<{ id: string }> }).customers[0]?.id;
    const storeId = await firstStoreId(dir, options.databaseUrl);
    const body = JSON.stringify({
      storeId,
      customerId,
      lines: [1, 2, 3, 4, 5].map((n) => ({ barcode: demoBarcode(n * 3), quantity: 1 })),
      payments: [{ method: 'cash', amountPaise: 10_000_000 }],
    });
    const load = async (duration: number) => {
      const result = await autocannon({
        url: `${base}/invoices`,
        connections: 50,
        duration,
        requests: [
          {
            method: 'POST',
            headers,
            body,
            setupRequest: (req) => ({ ...req, headers: { ...req.headers, 'idempotency-key': randomUUID() } }),
          },
        ],
      });
      if (result.non2xx > 0) throw new Error(`refused during load: ${result.non2xx} non-2xx answers`);
      return result;
    };
    // A warm-up (its connection errors and timeouts are not counted), then (PostgreSQL) statistics
    // as autovacuum keeps them in a shop in operation.
    await load(WARMUP_S);
    if (options.databaseUrl !== undefined) await analyze(options.databaseUrl);
    const result = await load(options.durationS);
    return {
      invoicesPerSecond: result.requests.total / options.durationS,
      p50: result.latency.p50,
      p99: result.latency.p99,
      total: result.requests.total,
      failed: result.errors,
    };
  } finally {
    const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
    server.kill('SIGTERM');
    await exited;
    delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    rmSync(dir, { recursive: true, force: true });
  }
}
