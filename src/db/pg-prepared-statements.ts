/**
 * Named prepared statements on PostgreSQL, the counterpart of the SQLite statement cache. Kysely
 * sends every query unnamed, so the server parses and plans it on every run; a statement that
 * runs again gets a name here, and each connection then parses it once and afterwards only binds
 * and executes it (a checkout's dozen statements save about as much server time as two of them
 * cost to run).
 *
 * Only repeated data statements get a name, and only those whose result columns are listed
 * (no `*`): a migration adding a column would otherwise change the result of a statement other
 * instances keep prepared, which PostgreSQL refuses. A connection whose prepared statements went
 * missing or stale (a pooler that discards them, a column type changed underneath) is closed when
 * released, so the next query gets a fresh one. Behind a pooler that does not keep prepared
 * statements per client (PgBouncer in transaction mode before 1.21), switch names off
 * (`TIJORI_DATABASE_PREPARED_STATEMENTS=false`).
 */
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';

/** Names given per process; each connection prepares those it runs. */
export const MAX_NAMED_STATEMENTS = 500;
/** Distinct statements counted before the counts start again (bounds memory for ad hoc SQL). */
const MAX_COUNTED = 5_000;

const DATA_STATEMENT = /^\s*(select|insert|update|delete|with)\s/i;

/** Decides which statements get a name, and which: `tj_1`, `tj_2` ... */
export class StatementNames {
  readonly #names = new Map<string, string>();
  readonly #seen = new Map<string, number>();

  constructor(private readonly max = MAX_NAMED_STATEMENTS) {}

  /** The statement's name, or undefined to run it unnamed (once-off, `*` results, or full). */
  nameOf(sql: string): string | undefined {
    const named = this.#names.get(sql);
    if (named !== undefined || this.#names.size >= this.max) return named;
    if (sql.includes('*') || !DATA_STATEMENT.test(sql)) return undefined;
    const seen = (this.#seen.get(sql) ?? 0) + 1;
    if (seen < 2) {
      if (this.#seen.size >= MAX_COUNTED) this.#seen.clear();
      this.#seen.set(sql, seen);
      return undefined;
    }
    this.#seen.delete(sql);
    const name = `tj_${this.#names.size + 1}`;
    this.#names.set(sql, name);
    return name;
  }
}

/** Errors after which a connection's prepared statements cannot be trusted. */
function invalidatesStatements(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (
    code === '26000' || // invalid_sql_statement_name: the server no longer has it
    (code === '0A000' && typeof message === 'string' && message.includes('cached plan'))
  );
}

/** A pool whose clients run repeated statements as named prepared statements. */
export function withPreparedStatements(pool: pg.Pool, names = new StatementNames()): PostgresPool {
  const wrapped = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const wrap = (client: pg.PoolClient): PostgresPoolClient => {
    let stale = false;
    const run = async (text: string, values: unknown[]) => {
      const name = names.nameOf(text);
      if (name === undefined) return client.query(text, values);
      try {
        return await client.query({ name, text, values });
      } catch (error) {
        if (invalidatesStatements(error)) stale = true;
        throw error;
      }
    };
    return {
      query: ((query: string | pg.Submittable, parameters?: ReadonlyArray<unknown>) =>
        typeof query === 'string'
          ? run(query, [...(parameters ?? [])])
          : client.query(query)) as unknown as PostgresPoolClient['query'],
      release(destroy?: boolean) {
        const discard = destroy === true || stale;
        // pg.Pool keeps the client object for its next checkout, so this wrapper is reused too.
        stale = false;
        client.release(discard);
      },
    };
  };
  return {
    async connect() {
      const client = await pool.connect();
      let facade = wrapped.get(client);
      if (facade === undefined) wrapped.set(client, (facade = wrap(client)));
      return facade;
    },
    end: () => pool.end(),
  };
}
