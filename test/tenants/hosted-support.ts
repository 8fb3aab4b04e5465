/**
 * Hosted mode test support: a PostgreSQL database for the `tijori tenants` commands, the env that
 * points the CLI at it with a known KEK (so an in-process app shares the login index), and
 * business creation through the real command.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEnvKeyProvider } from '../../src/crypto/env.key-provider.js';
import type { KeyProvider } from '../../src/crypto/key-provider.js';
import type { App } from '../../src/http/app.js';
import { runTijori, type CliRun } from '../support/cli.js';
import { createMigratedDatabase, type TestDatabase } from '../support/engines.js';

export interface HostedInstallation {
  db: TestDatabase;
  env: Record<string, string>;
  /** The same KEK the CLI uses, for an in-process app on the same database. */
  keyProvider(): KeyProvider;
  close(): Promise<void>;
}

/** A migrated PostgreSQL database and a data folder, with the CLI's env. */
export async function createHostedInstallation(): Promise<HostedInstallation> {
  const db = await createMigratedDatabase('postgres');
  const dir = mkdtempSync(join(tmpdir(), 'tijori-hosted-'));
  const kek = randomBytes(32).toString('base64');
  const env = {
    TIJORI_DATA_DIR: join(dir, 'data'),
    TIJORI_DATABASE_URL: db.location.url ?? '',
    TIJORI_KEY_PROVIDER: 'env',
    TIJORI_KEK: kek,
    TIJORI_PUBLIC_URL: 'https://shop.test',
  };
  return {
    db,
    env,
    keyProvider: () => loadEnvKeyProvider(kek),
    async close() {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface CreatedBusiness {
  run: CliRun;
  tenantId: string;
  /** The owner's one-time link token (from the printed link's fragment). */
  token: string;
}

/** `tijori tenants create` with the given details; the tenant id and token read from its output. */
export async function createBusiness(
  env: Record<string, string>,
  details: { business: string; gstin: string; state: string; ownerEmail: string },
): Promise<CreatedBusiness> {
  const run = await runTijori(
    [
      'tenants',
      'create',
      '--business',
      details.business,
      '--gstin',
      details.gstin,
      '--state',
      details.state,
      '--owner-email',
      details.ownerEmail,
    ],
    env,
  );
  const tenantId = /\(tenant ([^)]+)\)/.exec(run.stdout)?.[1] ?? '';
  const token = /\/accept-invite#token=(\S+)/.exec(run.stdout)?.[1] ?? '';
  return { run, tenantId, token };
}

/** Two valid GSTINs (check characters correct) with their states. */
export const MAHARASHTRA = { gstin: '27AAPFU0939F1ZV', state: '27' };
export const GUJARAT = { gstin: '24AAQCA8719H1ZC', state: '24' };

/** Opens an owner's (or any) invite link: `POST /auth/invites/accept` as the invite page does. */
export function acceptInvite(app: App, token: string, email: string, password: string) {
  return app.inject({
    method: 'POST',
    url: '/api/v1/auth/invites/accept',
    payload: { token, email, displayName: 'Owner', password },
  });
}
