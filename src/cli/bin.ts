#!/usr/bin/env node
/** The `tijori` executable: the only place that touches process.argv, process.env and exit. */
import { runCli } from './program.js';

// Everything Tijori writes (database, keys, certificates, backups) is for its own user only.
process.umask(0o077);

const context = {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  exitCode: 0 as const,
};

runCli(process.argv.slice(2), { ...context, exitCode: 0 }).then(
  (code) => {
    // `serve` keeps the process alive; other commands end here.
    if (code !== 0 || process.argv[2] !== 'serve') process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
