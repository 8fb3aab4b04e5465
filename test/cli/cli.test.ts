import { chmodSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import { runTijori } from '../support/cli.js';
import { describeCliEachEngine } from '../support/cli-engines.js';

describe('tijori CLI usage', () => {
  it('prints help for every command and exits 0', async () => {
    // Every command and subcommand the program defines, found by walking it.
    const paths: string[][] = [[]];
    const walk = (command: Command, path: string[]) => {
      for (const sub of command.commands) {
        paths.push([...path, sub.name()]);
        walk(sub, [...path, sub.name()]);
      }
    };
    walk(
      buildProgram({
        env: {},
        stdout: process.stdout,
        stderr: process.stderr,
        stdin: process.stdin,
        exitCode: 0,
      }),
      [],
    );
    expect(paths.map((p) => p.join(' '))).toEqual(
      expect.arrayContaining([
        'init',
        'serve',
        'migrate',
        'doctor',
        'keys list',
        'keys rotate-kek',
        'backup',
        'restore',
        'tokens create',
      ]),
    );
    for (const path of paths) {
      const run = await runTijori([...path, '--help']);
      expect(run.code, path.join(' ')).toBe(0);
      expect(run.stdout, path.join(' ')).toMatch(/Usage: tijori/);
    }
    expect((await runTijori(['--help'])).stdout).toMatch(
      /Exit codes: 0 success, 1 a check found a problem, 2 bad usage/,
    );
  });

  it('exits 2 on bad usage and on bad configuration, naming the setting', async () => {
    expect((await runTijori(['no-such-command'])).code).toBe(2);
    expect((await runTijori(['init', '--bogus'])).code).toBe(2);
    const bad = await runTijori(['doctor'], { TIJORI_PORT: 'abc' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/TIJORI_PORT/);
  });
});

describeCliEachEngine('tijori CLI', (install, engine) => {
  it('init creates the data folder (0700), database and certificate; doctor then passes', async () => {
    const { dataDir, env } = await install();
    const init = await runTijori(['init', '--data-dir', dataDir, '--non-interactive'], env);
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    // On PostgreSQL the database is the server's: no database file in the folder.
    expect(existsSync(join(dataDir, 'tijori.db'))).toBe(engine === 'sqlite');
    expect(existsSync(join(dataDir, 'tls', 'cert.pem'))).toBe(true);
    expect(statSync(join(dataDir, 'tls', 'key.pem')).mode & 0o777).toBe(0o600);
    expect(init.stdout).toMatch(/fingerprint: ([0-9A-F]{2}:){31}[0-9A-F]{2}/);

    const doctor = await runTijori(['doctor', '--data-dir', dataDir], env);
    expect(doctor.stdout).not.toMatch(/FAIL/);
    expect(doctor.stdout).toContain(`database: ${engine} answers`);
    expect(doctor.code).toBe(0);
    expect(doctor.stdout).toMatch(/migrations: up to date/);
    expect(doctor.stdout).toMatch(/TLS certificate: valid for \d+ more days/);
  });

  it('doctor exits 1 and says how to fix a data folder that others can read', async () => {
    const { dataDir, env } = await install();
    expect((await runTijori(['init', '--data-dir', dataDir, '--non-interactive'], env)).code).toBe(0);
    chmodSync(dataDir, 0o755);
    const doctor = await runTijori(['doctor', '--data-dir', dataDir], env);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toMatch(/FAIL {2}data folder: .*chmod 700/);
  });

  it('doctor exits 1 when the folder was never initialised', async () => {
    const { dataDir, env } = await install();
    const doctor = await runTijori(['doctor', '--data-dir', dataDir], env);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toMatch(/run tijori init/);
  });

  it('migrate is idempotent', async () => {
    const { dataDir, env } = await install();
    const first = await runTijori(['migrate', '--data-dir', dataDir], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Applied \d+ migration/);
    const second = await runTijori(['migrate', '--data-dir', dataDir], env);
    expect(second.stdout).toMatch(/up to date/);
  });

  it('init refuses partial business details', async () => {
    const { dataDir, env } = await install();
    const run = await runTijori(
      ['init', '--data-dir', dataDir, '--business', 'Shop', '--non-interactive'],
      env,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--gstin/);
    expect(existsSync(dataDir)).toBe(false);
  });
});
