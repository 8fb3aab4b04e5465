/**
 * Named prepared statements on PostgreSQL: which statements get a name, that the server keeps
 * them per connection, and that a connection whose statements went missing is replaced rather
 * than failing every later query.
 */
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.js';
import { StatementNames } from '../../src/db/pg-prepared-statements.js';
import { createMigratedDatabase, type TestDatabase } from '../support/engines.js';
import { selectedEngines } from '../support/test-env.js';

describe('statement names', () => {
  it('names a data statement the second time it runs, and keeps that name', () => {
    const names = new StatementNames();
    const select = 'select "id" from "tenants" where "id" = $1';
    expect(names.nameOf(select)).toBeUndefined();
    const name = names.nameOf(select);
    expect(name).toMatch(/^tj_\d+$/);
    expect(names.nameOf(select)).toBe(name);
    expect(names.nameOf('insert into "t" ("a") values ($1)')).toBeUndefined();
    expect(names.nameOf('insert into "t" ("a") values ($1)')).not.toBe(name);
  });

  it('never names statements whose results could change shape, or that are not data statements', () => {
    const names = new StatementNames();
    for (const statement of ['select * from "tenants" where "id" = $1', 'begin', 'commit', 'deallocate all'])
      for (let i = 0; i < 3; i += 1) expect(names.nameOf(statement)).toBeUndefined();
  });

  it('stops naming new statements at its limit', () => {
    const names = new StatementNames(2);
    const named = ['a', 'b', 'c'].map((c) => {
      const statement = `select "${c}" from "t"`;
      names.nameOf(statement);
      return names.nameOf(statement);
    });
    expect(named).toEqual(['tj_1', 'tj_2', undefined]);
  });
});

const suite = selectedEngines().includes('postgres') ? describe : describe.skip;

suite('named prepared statements [postgres]', () => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  beforeAll(async () => {
    database = await createMigratedDatabase('postgres');
  });
  afterAll(async () => {
    await database.close();
  });
  // Each test gets one new connection, so every query in it meets the statements its earlier
  // queries prepared, and none that another test prepared.
  beforeEach(() => {
    handle = openDatabase({ url: database.location.url ?? '', poolSize: 1 });
  });
  afterEach(async () => {
    await handle.close();
  });

  const lookup = () => handle.db.selectFrom('tenants').select(['id']).where('id', '=', 'nobody').execute();
  const prepared = async () =>
    (
      await sql<{
        name: string;
        statement: string;
      }>`select name, statement from pg_prepared_statements`.execute(handle.db)
    ).rows;
  const backend = async () =>
    (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(handle.db)).rows[0]?.pid;

  it('prepares a repeated statement once on the connection and reuses it', async () => {
    for (let i = 0; i < 3; i += 1) expect(await lookup()).toEqual([]);
    const named = (await prepared()).filter((p) => p.name.startsWith('tj_'));
    expect(named.map((p) => p.statement)).toEqual([
      expect.stringContaining('from "tenants" where "id" = $1') as string,
    ]);
  });

  it('runs statements selecting every column unnamed', async () => {
    for (let i = 0; i < 3; i += 1)
      await handle.db.selectFrom('tenants').selectAll().where('id', '=', 'nobody').execute();
    expect((await prepared()).some((p) => p.statement.includes('select *'))).toBe(false);
  });

  it('replaces a connection whose prepared statements are gone, so only one query fails', async () => {
    // Named (and prepared on this connection) from its second run.
    for (let i = 0; i < 3; i += 1) await lookup();
    const before = await backend();
    await sql`deallocate all`.execute(handle.db);
    await expect(lookup()).rejects.toMatchObject({ code: '26000' });
    expect(await lookup()).toEqual([]);
    expect(await backend()).not.toBe(before);
  });

  it('sends every statement unnamed when switched off', async () => {
    const plain = openDatabase({ url: database.location.url ?? '', poolSize: 1, preparedStatements: false });
    try {
      for (let i = 0; i < 3; i += 1)
        await plain.db.selectFrom('tenants').select(['id']).where('id', '=', 'nobody').execute();
      const { rows } = await sql<{
        n: number;
      }>`select count(*)::int as n from pg_prepared_statements`.execute(plain.db);
      expect(rows[0]?.n).toBe(0);
    } finally {
      await plain.close();
    }
  });
});
