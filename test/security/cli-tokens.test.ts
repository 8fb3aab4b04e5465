/**
 * `tijori init` with flags creates the owner under the password policy (a password containing the
 * shop's name is refused with the reason), and `tijori tokens create` prints a scoped, expiring
 * token once that then authenticates only within its scopes; the database holds only its hash.
 */
import { expect, it } from 'vitest';
import { withRuntime } from '../../src/cli/runtime.js';
import { buildApp } from '../../src/http/app.js';
import { createLogger } from '../../src/logging/logger.js';
import { initWithOwnerArgs, runTijori as runCli } from '../support/cli.js';
import { describeCliEachEngine } from '../support/cli-engines.js';
import { expectStoredOnlyAsHash } from '../support/secrets.js';

describeCliEachEngine('owner creation and CLI tokens', (install) => {
  it('refuses an owner password containing the shop name, with the reason', async () => {
    const { dataDir, env } = await install();
    const run = await runCli(
      initWithOwnerArgs(dataDir, {
        email: 'owner@kapoorsilks.example',
        password: 'kapoor silks forever and ever',
      }),
      env,
    );
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/shop name/);
  });

  it('creates the owner, then a token that works only within its scopes', async () => {
    const installation = await install();
    const { dataDir } = installation;
    const runTijori = (args: string[]) => runCli(args, installation.env);
    const password = 'saffron kettle orbit 4417 drum';
    expect(
      (await runTijori(initWithOwnerArgs(dataDir, { email: 'owner@kapoorsilks.example', password }))).code,
    ).toBe(0);
    const bad = await runTijori([
      'tokens',
      'create',
      '--data-dir',
      dataDir,
      '--user',
      'owner@kapoorsilks.example',
      '--scopes',
      'invoice.read',
      '--expires',
      'soon',
    ]);
    expect(bad.code).toBe(2);
    const run = await runTijori([
      'tokens',
      'create',
      '--data-dir',
      dataDir,
      '--user',
      'owner@kapoorsilks.example',
      '--scopes',
      'invoice.read',
      '--expires',
      '30d',
    ]);
    expect(run.code).toBe(0);
    const token = run.stdout.trim();
    expect(token).toMatch(/^tjt_/);
    await withRuntime(installation.config(), async ({ services, database, config }) => {
      const rows = await database.db.selectFrom('api_tokens').selectAll().execute();
      expect(rows).toHaveLength(1);
      expectStoredOnlyAsHash(rows[0], 'secret_hash', token.split('.')[1] ?? '');
      const app = await buildApp({
        config,
        database,
        logger: createLogger({ level: 'silent' }),
        guard: services.guard,
        apiRoutes: services.apiRoutes,
      });
      const me = await app.inject({
        method: 'GET',
        url: '/api/v1/auth/sessions',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(me.statusCode).toBe(200);
      const keys = await app.inject({
        method: 'GET',
        url: '/api/v1/keys',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(keys.statusCode).toBe(403);
      const forged = await app.inject({
        method: 'GET',
        url: '/api/v1/auth/sessions',
        headers: { authorization: `Bearer ${token.slice(0, -2)}xx` },
      });
      expect(forged.statusCode).toBe(401);
      await app.close();
    });
  });
});
