/**
 * The SQLite driver Tijori uses: transactions take the write lock when they begin
 * (`BEGIN IMMEDIATE`), and waiting for the single connection is bounded.
 *
 * - A deferred transaction that reads and then writes can fail with SQLITE_BUSY without waiting
 *   when another process (the CLI, a second server) holds the lock; an immediate one waits for
 *   busy_timeout.
 * - SQLite has one connection per process, held by a transaction until it ends. Code that, inside
 *   a transaction, queries through the root handle instead of the transaction's would wait for
 *   itself forever; the bound turns that silent hang into an error that says what went wrong.
 */
import { CompiledQuery, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver } from 'kysely';

type SqliteConfig = ConstructorParameters<typeof SqliteDialect>[0];

/** Longer than any legitimate wait for the connection (transactions here take milliseconds). */
export const DEFAULT_CONNECTION_WAIT_MS = 30_000;

class ImmediateSqliteDriver extends SqliteDriver {
  constructor(
    config: SqliteConfig,
    private readonly connectionWaitMs: number,
  ) {
    super(config);
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    const pending = super.acquireConnection();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        // Whoever gets the connection late must give it back, or every later query would wait.
        void pending.then(() => this.releaseConnection());
        reject(
          new Error(
            `waited ${this.connectionWaitMs} ms for the SQLite connection: a query was probably issued ` +
              'through the root database handle inside an open transaction (use the transaction)',
          ),
        );
      }, this.connectionWaitMs);
    });
    try {
      return await Promise.race([pending, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteConfig;
  readonly #connectionWaitMs: number;

  constructor(config: SqliteConfig, connectionWaitMs = DEFAULT_CONNECTION_WAIT_MS) {
    super(config);
    this.#config = config;
    this.#connectionWaitMs = connectionWaitMs;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config, this.#connectionWaitMs);
  }
}
