/**
 * A throwaway SoftHSM2 token for the HSM provider tests: its own config file and token folder in
 * a temporary directory. Missing SoftHSM2 is a failure, never a silent skip (set TIJORI_SKIP_HSM=1
 * outside CI to skip on purpose).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const modulePaths = [
  '/usr/lib/softhsm/libsofthsm2.so',
  '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so',
  '/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so',
];

export interface SoftHsmToken {
  modulePath: string;
  tokenLabel: string;
  pin: string;
  configPath: string;
  cleanup(): void;
}

export function hsmSkipRequested(): boolean {
  return process.env.TIJORI_SKIP_HSM === '1' && process.env.CI !== 'true';
}

function findModule(): string {
  const found = modulePaths.find((p) => existsSync(p));
  if (found === undefined) {
    throw new Error(
      'SoftHSM2 is not installed: run `apt-get install -y softhsm2` (the HSM provider tests need it)',
    );
  }
  return found;
}

/** Creates a fresh token and points SOFTHSM2_CONF at its config (SoftHSM reads it at load). */
export function createSoftHsmToken(label = `tijori-${process.pid}`): SoftHsmToken {
  const modulePath = findModule();
  const dir = mkdtempSync(join(tmpdir(), 'tijori-softhsm-'));
  const tokens = join(dir, 'tokens');
  mkdirSync(tokens, { mode: 0o700 });
  const configPath = join(dir, 'softhsm2.conf');
  writeFileSync(
    configPath,
    `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n`,
  );
  process.env.SOFTHSM2_CONF = configPath;
  const pin = '1234-tijori-test';
  try {
    execFileSync(
      'softhsm2-util',
      ['--init-token', '--free', '--label', label, '--so-pin', '5678-tijori-so', '--pin', pin],
      {
        env: { ...process.env, SOFTHSM2_CONF: configPath },
        stdio: 'pipe',
      },
    );
  } catch (error) {
    throw new Error(
      `softhsm2-util could not create a token: ${error instanceof Error ? error.message : String(error)}. Install softhsm2.`,
    );
  }
  return {
    modulePath,
    tokenLabel: label,
    pin,
    configPath,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
