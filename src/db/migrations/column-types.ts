/** Column types that differ between the two engines, for migrations. */
import type { CreateTableBuilder } from 'kysely';
import type { Engine } from '../database.js';

export interface ColumnTypes {
  /** Raw bytes. */
  binary: 'blob' | 'bytea';
  /** 64-bit integers: paise, sequence numbers, counts. */
  int64: 'integer' | 'bigint';
}

export function columnTypes(engine: Engine): ColumnTypes {
  return engine === 'postgres' ? { binary: 'bytea', int64: 'bigint' } : { binary: 'blob', int64: 'integer' };
}

/** A table being created, as migrations build it. */
export type Table = CreateTableBuilder<string, string>;

/** Adds NOT NULL columns of one type (nullable ones are named with a trailing `?`). */
export function columns(table: Table, type: 'text' | 'integer' | 'bigint', names: readonly string[]): Table {
  let t = table;
  for (const raw of names) {
    const nullable = raw.endsWith('?');
    const name = nullable ? raw.slice(0, -1) : raw;
    t = t.addColumn(name, type, (c) => (nullable ? c : c.notNull()));
  }
  return t;
}
