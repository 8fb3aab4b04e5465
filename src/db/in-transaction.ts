/** Runs work in the caller's transaction when given one, otherwise in a new transaction. */
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export async function inTransaction<T>(
  db: Kysely<Database>,
  work: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}
