/** Runs the CLI in-process with captured output, or as a real child process. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { testArgon2Env } from './argon2-cost.js';
import { fileURLToPath } from 'node:url';
import { PassThrough, Readable } from 'node:stream';
import { runCli } from '../../src/cli/program.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runTijori(
  args: string[],
  env: Record<string, string | undefined> = {},
  stdin = '',
): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const input = Object.assign(Readable.from([stdin]), { isTTY: false });
  // The test cost for password hashing unless the test sets its own (test/support/argon2-cost.ts).
  const code = await runCli(args, {
    env: { ...testArgon2Env, ...env },
    stdout,
    stderr,
    stdin: input,
    exitCode: 0,
  });
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Everything a spawned process has printed so far (stdout and stderr), from its start. */
const printed = new WeakMap<ChildProcessWithoutNullStreams, { text: string }>();

function recordOutput(child: ChildProcessWithoutNullStreams): { text: string } {
  let record = printed.get(child);
  if (record === undefined) {
    const created = { text: '' };
    const append = (chunk: Buffer) => (created.text += chunk.toString('utf8'));
    child.stdout.on('data', append);
    child.stderr.on('data', append);
    printed.set(child, created);
    record = created;
  }
  return record;
}

/** Starts `tijori <args>` as a real process (TypeScript run through tsx). */
export function spawnTijori(args: string[], env: Record<string, string>): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/bin.ts', ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...testArgon2Env, ...env },
    stdio: 'pipe',
  });
  recordOutput(child);
  return child;
}

/**
 * Resolves with the first match of `pattern` in everything the process printed since it started
 * (so two waits for lines that arrived in one chunk both succeed), or rejects when the process
 * exits first or the time runs out.
 */
export function waitForOutput(
  child: ChildProcessWithoutNullStreams,
  pattern: RegExp,
  timeoutMs = 30_000,
): Promise<RegExpMatchArray> {
  const output = recordOutput(child);
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const match = output.text.match(pattern);
      if (match === null) return false;
      done();
      resolve(match);
      return true;
    };
    const onData = () => void check();
    const onExit = (code: number | null) => {
      if (check()) return;
      done();
      reject(
        new Error(`process exited with ${String(code)} before ${pattern.source}; output: ${output.text}`),
      );
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`timed out waiting for ${pattern.source}; output: ${output.text}`));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.stderr.off('data', onData);
      child.off('exit', onExit);
    };
    if (check()) return;
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', onExit);
  });
}

/**
 * `tijori keys rotate` of one tenant's key, waiting 1 s (not 30) for other instances' caches;
 * `env` adds settings (the database URL of a PostgreSQL installation).
 */
export function rotateKeysCli(
  dataDir: string,
  purpose = 'payment_ref',
  tenant = 't1',
  env: Readonly<Record<string, string>> = {},
): Promise<CliRun> {
  return runTijori(
    ['keys', 'rotate', '--purpose', purpose, '--tenant', tenant, '--pause-ms', '0', '--data-dir', dataDir],
    { ...env, TIJORI_ACTIVE_KEY_CACHE_SECONDS: '1' },
  );
}

/** `tijori init` with a business (Kapoor Silks, Maharashtra) and its owner, non-interactively. */
export function initWithOwnerArgs(dataDir: string, owner: { email: string; password: string }): string[] {
  return [
    'init',
    '--data-dir',
    dataDir,
    '--non-interactive',
    '--business',
    'Kapoor Silks',
    '--gstin',
    '27AAPFU0939F1ZV',
    '--state',
    '27',
    '--owner-email',
    owner.email,
    '--owner-name',
    'Meera Kapoor',
    '--owner-password',
    owner.password,
  ];
}

/** `tijori init --demo`: the business Demo Apparel (Gujarat) with its owner and the sample shop. */
export function initDemoShop(dataDir: string, env: Readonly<Record<string, string>> = {}): Promise<CliRun> {
  return runTijori(
    [
      'init',
      '--data-dir',
      dataDir,
      '--business',
      'Demo Apparel',
      '--gstin',
      '24AAQCA8719H1ZC',
      '--state',
      '24',
      '--owner-email',
      'owner@example.com',
      '--non-interactive',
      '--demo',
    ],
    { ...env, TIJORI_OWNER_PASSWORD: 'lantern quiet monsoon teapot harbour' },
  );
}
