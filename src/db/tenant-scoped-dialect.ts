/**
 * The PostgreSQL dialect with tenant scopes (ADR 0064): a connection checked out inside
 * `asTenant` runs each of its transactions, and each statement made outside a transaction, in a
 * transaction that starts with the scope's prologue (application role + transaction-local
 * `tijori.tenant`). A statement outside a transaction costs two more round trips (`begin` with
 * the prologue, `commit`); a transaction costs one (the prologue after `begin`). Connections
 * checked out in the system scope, or in none, are passed through untouched.
 */
import {
  CompiledQuery,
  PostgresDialect,
  type DatabaseConnection,
  type Driver,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import { currentDbScope, tenantPrologue } from './tenant-scope.js';

class ScopedConnection implements DatabaseConnection {
  inTransaction = false;
  constructor(
    readonly inner: DatabaseConnection,
    readonly prologue: string | null,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.prologue === null || this.inTransaction) return this.inner.executeQuery<R>(query);
    await this.#begin();
    try {
      const result = await this.inner.executeQuery<R>(query);
      await this.#commit();
      return result;
    } catch (error) {
      await this.#rollback();
      throw error;
    }
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    if (this.prologue === null || this.inTransaction) {
      yield* this.inner.streamQuery<R>(query, chunkSize);
      return;
    }
    await this.#begin();
    let done = false;
    try {
      yield* this.inner.streamQuery<R>(query, chunkSize);
      done = true;
    } finally {
      // A consumer that stops early ends the read-only stream's transaction as well as one that
      // reads it all; only an error rolls back.
      if (done) await this.#commit();
      else await this.#rollback();
    }
  }

  async #begin(): Promise<void> {
    try {
      await this.inner.executeQuery(CompiledQuery.raw(`begin; ${this.prologue ?? ''}`));
    } catch (error) {
      await this.#rollback();
      throw error;
    }
  }

  async #commit(): Promise<void> {
    await this.inner.executeQuery(CompiledQuery.raw('commit'));
  }

  async #rollback(): Promise<void> {
    await this.inner.executeQuery(CompiledQuery.raw('rollback')).catch(() => undefined);
  }
}

class TenantScopedDriver implements Driver {
  constructor(private readonly inner: Driver) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const scope = currentDbScope();
    const prologue = scope?.kind === 'tenant' ? tenantPrologue(scope.tenantId) : null;
    return new ScopedConnection(await this.inner.acquireConnection(), prologue);
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const scoped = connection as ScopedConnection;
    await this.inner.beginTransaction(scoped.inner, settings);
    scoped.inTransaction = true;
    if (scoped.prologue !== null) await scoped.inner.executeQuery(CompiledQuery.raw(scoped.prologue));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const scoped = connection as ScopedConnection;
    scoped.inTransaction = false;
    await this.inner.commitTransaction(scoped.inner);
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const scoped = connection as ScopedConnection;
    scoped.inTransaction = false;
    await this.inner.rollbackTransaction(scoped.inner);
  }

  async savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    if (this.inner.savepoint === undefined) throw new Error('the driver has no savepoints');
    await this.inner.savepoint((connection as ScopedConnection).inner, name, compile);
  }

  async rollbackToSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ) {
    if (this.inner.rollbackToSavepoint === undefined) throw new Error('the driver has no savepoints');
    await this.inner.rollbackToSavepoint((connection as ScopedConnection).inner, name, compile);
  }

  async releaseSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ) {
    if (this.inner.releaseSavepoint === undefined) throw new Error('the driver has no savepoints');
    await this.inner.releaseSavepoint((connection as ScopedConnection).inner, name, compile);
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection((connection as ScopedConnection).inner);
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

/** PostgreSQL through pg, with every connection held to the scope it was checked out in. */
export class TenantScopedPostgresDialect extends PostgresDialect {
  override createDriver(): Driver {
    return new TenantScopedDriver(super.createDriver());
  }
}
