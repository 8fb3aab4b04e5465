/** Recognises constraint violations from either engine, so services can answer 409, not 500. */

/**
 * True for a unique-constraint violation on SQLite or PostgreSQL; with `hint`, only when the
 * constraint name (PostgreSQL) or the message's column list (SQLite) contains it (`barcode`).
 */
export function isUniqueViolation(error: unknown, hint?: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; constraint?: unknown; message?: unknown };
  const unique =
    e.code === '23505' || e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
  if (!unique || hint === undefined) return unique;
  const where = `${typeof e.constraint === 'string' ? e.constraint : ''} ${typeof e.message === 'string' ? e.message : ''}`;
  return where.includes(hint);
}
