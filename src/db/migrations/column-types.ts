/** Column types that differ between the two engines, for migrations. */
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
