/** Runs the CLI in-process with captured output, or as a real child process. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
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
  const code = await runCli(args, { env, stdout, stderr, stdin: input, exitCode: 0 });
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Starts `tijori <args>` as a real process (TypeScript run through tsx). */
export function spawnTijori(args: string[], env: Record<string, string>): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', 'src/cli/bin.ts', ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: 'pipe',
  });
}

/** Resolves with the first stdout line matching `pattern`, or rejects when the process exits first. */
export function waitForOutput(
  child: ChildProcessWithoutNullStreams,
  pattern: RegExp,
  timeoutMs = 30_000,
): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(
      () => reject(new Error(`timed out waiting for ${pattern.source}; output: ${seen}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      const match = seen.match(pattern);
      if (match !== null) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        resolve(match);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (seen += chunk.toString('utf8')));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`process exited with ${code} before ${pattern.source}; output: ${seen}`));
    });
  });
}

/** `tijori keys rotate` of one tenant's key, waiting 1 s (not 30) for other instances' caches. */
export function rotateKeysCli(dataDir: string, purpose = 'payment_ref', tenant = 't1'): Promise<CliRun> {
  return runTijori(
    ['keys', 'rotate', '--purpose', purpose, '--tenant', tenant, '--pause-ms', '0', '--data-dir', dataDir],
    { TIJORI_ACTIVE_KEY_CACHE_SECONDS: '1' },
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
