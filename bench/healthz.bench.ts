/**
 * `/healthz` requests per second over HTTPS from a separate load process (autocannon here, the
 * server in its own process), with plain HTTP as the same-run baseline.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { freePort } from '../test/support/net.js';
import { measure, repoRoot, type BenchReport } from './harness.js';

async function startServer(port: number, dataDir: string, httpOnly: boolean): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/bin.ts', 'serve'], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? '',
      TIJORI_DATA_DIR: dataDir,
      TIJORI_PORT: String(port),
      TIJORI_HOST: '127.0.0.1',
      TIJORI_LOG_LEVEL: 'warn',
      TIJORI_HTTP_ONLY: String(httpOnly),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    child.stdout?.on('data', (c: Buffer) => {
      seen += c.toString();
      if (seen.includes('is running at')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return child;
}

async function load(url: string): Promise<{ amount: number; ms: number }> {
  const durationS = 4;
  const result = await autocannon({ url, connections: 50, duration: durationS, pipelining: 1 });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`errors during load: ${result.errors}, non-2xx ${result.non2xx}`);
  return { amount: result.requests.total, ms: durationS * 1000 };
}

export async function run(): Promise<BenchReport> {
  const dir = mkdtempSync(join(tmpdir(), 'tijori-bench-healthz-'));
  const httpsPort = await freePort();
  const httpPort = await freePort();
  const https = await startServer(httpsPort, join(dir, 'a'), false);
  const http = await startServer(httpPort, join(dir, 'b'), true);
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
  try {
    const overHttps = await measure({
      name: 'GET /healthz over HTTPS, 50 connections',
      unit: 'req/s',
      runs: 3,
      run: () => load(`https://127.0.0.1:${httpsPort}/healthz`),
    });
    const overHttp = await measure({
      name: 'GET /healthz over plain HTTP (baseline)',
      unit: 'req/s',
      runs: 3,
      run: () => load(`http://127.0.0.1:${httpPort}/healthz`),
    });
    return {
      benchmark: 'healthz',
      title: '/healthz over HTTPS',
      measurements: [overHttps, overHttp],
      ratios: [{ name: 'HTTPS / HTTP', value: overHttps.median / overHttp.median }],
      notes: [
        'Server and load generator are separate processes on the same 2-core machine, so they compete for CPU.',
      ],
    };
  } finally {
    https.kill('SIGTERM');
    http.kill('SIGTERM');
    delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    rmSync(dir, { recursive: true, force: true });
  }
}
