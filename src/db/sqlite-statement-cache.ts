/**
 * Keeps SQLite's prepared statements for reuse. Kysely prepares every query it runs, and with
 * better-sqlite3 preparing costs about as much as running a small statement; queries are built
 * from a few fixed shapes, so a small cache by SQL text removes most of that cost (a checkout
 * prepares a dozen statements). Safe because a connection runs one query at a time: Kysely holds
 * the single connection for the whole of a query, a stream or a transaction.
 */
import type SqliteDatabase from 'better-sqlite3';

/** Distinct statements kept per connection; the least recently used goes first. */
export const STATEMENT_CACHE_SIZE = 500;

export function cacheStatements(
  db: SqliteDatabase.Database,
  size = STATEMENT_CACHE_SIZE,
): SqliteDatabase.Database {
  const cache = new Map<string, SqliteDatabase.Statement>();
  const prepare = db.prepare.bind(db);
  const cached = ((source: string) => {
    let statement = cache.get(source);
    if (statement === undefined) {
      statement = prepare(source);
      if (cache.size >= size) cache.delete(cache.keys().next().value ?? '');
    } else cache.delete(source);
    cache.set(source, statement);
    return statement;
  }) as SqliteDatabase.Database['prepare'];
  db.prepare = cached;
  return db;
}
