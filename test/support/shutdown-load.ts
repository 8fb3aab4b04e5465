/**
 * SIGTERM under load against the real `tijori serve` process: a demo shop with an API token,
 * 8 clients issuing checkouts over keep-alive HTTPS connections, and a SIGTERM at a random moment.
 * Every request written to the server before the signal must get its full answer (and its log
 * line) before the process exits. Used by the process test and by the benchmark (20 rounds).
 */
import { randomInt, randomUUID } from 'node:crypto';
import { Agent, request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { openDatabase, sqlitePathFor, type DatabaseHandle } from '../../src/db/database.js';
import { runTijori, spawnTijori, waitForOutput } from './cli.js';
import { freePort } from './net.js';

export interface LoadShop {
  env: Record<string, string>;
  token: string;
  storeId: string;
  variantIds: string[];
}

const OWNER = 'owner@example.com';

/** `tijori init --demo` into `dataDir` (on PostgreSQL when `databaseUrl` is given) and a token. */
export async function prepareLoadShop(dataDir: string, databaseUrl?: string): Promise<LoadShop> {
  const env: Record<string, string> = {
    TIJORI_DATA_DIR: dataDir,
    ...(databaseUrl === undefined ? {} : { TIJORI_DATABASE_URL: databaseUrl }),
  };
  const init = await runTijori(
    ['init', '--business', 'Demo Apparel', '--gstin', '24AAQCA8719H1ZC', '--state', '24'].concat([
      '--owner-email',
      OWNER,
      '--non-interactive',
      '--demo',
    ]),
    { ...env, TIJORI_OWNER_PASSWORD: 'lantern quiet monsoon teapot harbour' },
  );
  if (init.code !== 0) throw new Error(`init failed: ${init.stderr}`);
  const created = await runTijori(
    ['tokens', 'create', '--user', OWNER, '--scopes', 'invoice.create,invoice.read', '--expires', '1d'],
    env,
  );
  if (created.code !== 0) throw new Error(`token failed: ${created.stderr}`);
  const handle: DatabaseHandle =
    databaseUrl === undefined
      ? openDatabase({ sqlitePath: sqlitePathFor(dataDir) })
      : openDatabase({ url: databaseUrl });
  try {
    const store = await handle.db.selectFrom('stores').select('id').executeTakeFirstOrThrow();
    const variants = await handle.db
      .selectFrom('stock_levels')
      .select('variant_id')
      .where('store_id', '=', store.id)
      .where('qty_milli', '>', 0)
      .orderBy('variant_id')
      .limit(4)
      .execute();
    // Without items every checkout would be refused as invalid and the rounds would prove nothing.
    if (variants.length === 0) throw new Error('the demo shop has no item in stock');
    return {
      env,
      token: created.stdout.trim(),
      storeId: store.id,
      variantIds: variants.map((v) => v.variant_id),
    };
  } finally {
    await handle.close();
  }
}

export interface RoundResult {
  /** Requests fully written before SIGTERM. */
  sentBefore: number;
  /** Of those, how many got a complete answer (any status). */
  answered: number;
  /** Of those, the sales saved (201). */
  saved: number;
  /** Answer statuses of the requests written before SIGTERM, with their counts. */
  statuses: Record<string, number>;
  /** Of those, the errors instead of answers (ECONNRESET ...). */
  lost: string[];
  /** Answered requests whose request id is missing from the process's log. */
  unlogged: number;
  exitCode: number | null;
  /** Milliseconds from SIGTERM to exit. */
  exitMs: number;
}

interface Outcome {
  requestId: string;
  writtenAt: number;
  status?: number;
  error?: string;
}

function checkout(
  shop: LoadShop,
  port: number,
  agent: Agent,
  variantId: string,
  onWritten: () => void,
): Promise<Outcome> {
  const requestId = randomUUID();
  const body = JSON.stringify({
    storeId: shop.storeId,
    lines: [{ variantId, quantity: 1 }],
    payments: [{ method: 'cash', amountPaise: 100_000_000 }],
  });
  const outcome: Outcome = { requestId, writtenAt: Number.POSITIVE_INFINITY };
  return new Promise((resolve) => {
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        port,
        path: '/api/v1/invoices',
        method: 'POST',
        agent,
        rejectUnauthorized: false,
        headers: {
          authorization: `Bearer ${shop.token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'idempotency-key': randomUUID(),
          'x-request-id': requestId,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ ...outcome, status: res.statusCode ?? 0 }));
        res.on('error', (e) => resolve({ ...outcome, error: e.message }));
      },
    );
    req.on('finish', () => {
      outcome.writtenAt = performance.now();
      onWritten();
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ ...outcome, error: e.code ?? e.message }));
    req.end(body);
  });
}

/** One round: start the server, 8 clients check out in a loop, SIGTERM after `afterMs`. */
export async function sigtermRound(
  shop: LoadShop,
  options: { clients?: number; strategy?: 'after-write' | 'random' } = {},
): Promise<RoundResult> {
  const port = await freePort();
  const child = spawnTijori(['serve'], {
    ...shop.env,
    TIJORI_PORT: String(port),
    TIJORI_HOST: '127.0.0.1',
    TIJORI_LOG_LEVEL: 'info',
  });
  let log = '';
  child.stdout.on('data', (c: Buffer) => (log += c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await waitForOutput(child, /is running at/, 120_000);
  const agent = new Agent({ keepAlive: true, maxSockets: options.clients ?? 8 });
  let signalledAt = Number.POSITIVE_INFINITY;
  const outcomes: Outcome[] = [];
  // After a warm-up, the signal lands either just after a client wrote its next request on a
  // keep-alive connection (the request sits unread while the connection looks idle: the race
  // that once reset saved sales), or at a random moment.
  const warmUp = 2 * (options.clients ?? 8);
  let armed: (() => void) | undefined;
  const signalled = new Promise<void>((resolve) => (armed = resolve));
  const signal = () => {
    if (signalledAt !== Number.POSITIVE_INFINITY) return;
    signalledAt = performance.now();
    child.kill('SIGTERM');
    armed?.();
  };
  const onWritten = () => {
    if (options.strategy === 'after-write' && outcomes.length >= warmUp) signal();
  };
  const client = async (i: number) => {
    while (performance.now() < signalledAt) {
      const variant = shop.variantIds[i % shop.variantIds.length] ?? '';
      outcomes.push(await checkout(shop, port, agent, variant, onWritten));
    }
  };
  const clients = Array.from({ length: options.clients ?? 8 }, (_, i) => client(i));
  if (options.strategy !== 'after-write') {
    while (outcomes.length < warmUp) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, randomInt(200)));
    signal();
  }
  await signalled;
  await Promise.all(clients);
  const code = await exited;
  const exitMs = performance.now() - signalledAt;
  agent.destroy();
  const before = outcomes.filter((o) => o.writtenAt < signalledAt);
  const answered = before.filter((o) => o.status !== undefined);
  const statuses: Record<string, number> = {};
  for (const o of answered) statuses[String(o.status)] = (statuses[String(o.status)] ?? 0) + 1;
  return {
    sentBefore: before.length,
    answered: answered.length,
    saved: statuses['201'] ?? 0,
    statuses,
    lost: before.filter((o) => o.error !== undefined).map((o) => o.error ?? ''),
    unlogged: answered.filter((o) => !log.includes(o.requestId)).length,
    exitCode: code,
    exitMs,
  };
}

export const loadShopDir = (root: string, name: string): string => join(root, name);

export interface RestartResult {
  /** Milliseconds from starting the new process to its "is running" line. */
  runningMs: number;
  /** Milliseconds from starting the new process to its first saved sale. */
  firstSaleMs: number;
}

/**
 * kill -9 during 8 concurrent checkouts, then a new `tijori serve` on the same data: how long until
 * it serves again (its first saved sale). Used by the restart benchmark on both engines.
 */
export async function killAndRestart(shop: LoadShop): Promise<RestartResult> {
  const env = (port: number) => ({
    ...shop.env,
    TIJORI_PORT: String(port),
    TIJORI_HOST: '127.0.0.1',
    TIJORI_LOG_LEVEL: 'warn',
  });
  const firstPort = await freePort();
  const first = spawnTijori(['serve'], env(firstPort));
  await waitForOutput(first, /is running at/, 120_000);
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  let killed = false;
  let sales = 0;
  const client = async (i: number) => {
    while (!killed) {
      const variant = shop.variantIds[i % shop.variantIds.length] ?? '';
      const o = await checkout(shop, firstPort, agent, variant, () => undefined);
      if (o.status === 201) sales += 1;
    }
  };
  const clients = Array.from({ length: 8 }, (_, i) => client(i));
  while (sales < 16) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, randomInt(200)));
  const exited = new Promise<void>((resolve) => first.once('exit', () => resolve()));
  first.kill('SIGKILL');
  killed = true;
  await exited;
  await Promise.all(clients);
  agent.destroy();

  const started = performance.now();
  const port = await freePort();
  const second = spawnTijori(['serve'], env(port));
  const exitedAgain = new Promise<void>((resolve) => second.once('exit', () => resolve()));
  try {
    await waitForOutput(second, /is running at/, 120_000);
    const runningMs = performance.now() - started;
    const again = new Agent({ keepAlive: true });
    try {
      for (;;) {
        const o = await checkout(shop, port, again, shop.variantIds[0] ?? '', () => undefined);
        if (o.status === 201) break;
        if (performance.now() - started > 120_000)
          throw new Error(`no sale after restart: ${String(o.status)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      again.destroy();
    }
    return { runningMs, firstSaleMs: performance.now() - started };
  } finally {
    second.kill('SIGTERM');
    await exitedAgain;
  }
}
