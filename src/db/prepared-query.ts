/**
 * Hot statements compiled once. Kysely builds an immutable tree for every query and compiles it
 * to SQL on every call; for the statements every sale runs (a checkout runs a dozen) that costs
 * more than some of the statements themselves, and the garbage it leaves slows the rest. A
 * prepared query compiles its shape once per dialect with slots where the values go; a run only
 * fills the slots in. The SQL is Kysely's own (the same text the builder would send), and being
 * the same string every time it is also cheap to find in the SQLite statement cache and gets a
 * named prepared statement on PostgreSQL (`pg-prepared-statements.ts`).
 *
 * Slots stand for scalar values only (not `in` lists). Multi-row inserts compile one shape per
 * row count and column list; rows of other shapes (a missing or undefined column, too many
 * rows) simply take the builder's path, so the result is always what Kysely would have run.
 */
import type { Compilable, CompiledQuery, InsertQueryBuilder, InsertResult, Insertable, Kysely } from 'kysely';
import type { Database } from './schema.js';

/** Where one value goes: a named parameter, or a column of a row of an insert. */
class Slot {
  constructor(
    readonly key: string,
    readonly row = -1,
  ) {}
}

interface Template {
  readonly compiled: CompiledQuery;
  /** For each parameter: the slot it fills, or a constant the query carries. */
  readonly slots: ReadonlyArray<Slot | { readonly constant: unknown }>;
}

type Db = Kysely<Database>;

/** Compiled shapes per dialect adapter (both engines can be open in one process, as in tests). */
class Templates {
  readonly #byAdapter = new WeakMap<object, Map<string, Template>>();

  get(db: Db, shape: string, build: () => Compilable<unknown>): Template {
    const adapter = db.getExecutor().adapter;
    let shapes = this.#byAdapter.get(adapter);
    if (shapes === undefined) this.#byAdapter.set(adapter, (shapes = new Map<string, Template>()));
    let template = shapes.get(shape);
    if (template === undefined) {
      const compiled = build().compile();
      template = {
        compiled,
        slots: compiled.parameters.map((p) => (p instanceof Slot ? p : { constant: p })),
      };
      shapes.set(shape, template);
    }
    return template;
  }
}

async function run<O>(db: Db, template: Template, value: (slot: Slot) => unknown): Promise<O[]> {
  const parameters = template.slots.map((s) => (s instanceof Slot ? value(s) : s.constant));
  const result = await db.executeQuery<O>({ ...template.compiled, parameters });
  return result.rows;
}

/** Plugins may rewrite queries and results per call, so with any installed the builder runs. */
const usesPlugins = (db: Db) => db.getExecutor().plugins.length > 0;

/** A query of fixed shape whose values come from named parameters. */
export interface PreparedQuery<P, O> {
  /** Runs with these values and answers the rows (empty for statements without results). */
  execute(db: Db, params: P): Promise<O[]>;
}

/**
 * Prepares `build`, which receives slots typed as the values they stand for: it must only place
 * them as values (never branch on them), since it runs once with slots, not with real values.
 */
export function prepareQuery<P extends Record<string, unknown>, O>(
  build: (db: Db, params: P) => Compilable<O>,
): PreparedQuery<P, O> {
  const templates = new Templates();
  const slots = new Proxy({} as P, { get: (_, key) => new Slot(String(key)) });
  return {
    async execute(db, params) {
      if (usesPlugins(db)) return (await db.executeQuery(build(db, params))).rows;
      const template = templates.get(db, '', () => build(db, slots));
      return run<O>(db, template, (slot) => params[slot.key]);
    },
  };
}

/** Row counts up to which an insert's shape is kept (larger batches are rare and cost more anyway). */
const MAX_PREPARED_ROWS = 32;

/**
 * A multi-row insert into `table`, optionally finished (on conflict, returning). Rows must all
 * carry the same columns in the same order to use a compiled shape.
 */
export function prepareInsert<TB extends keyof Database, O = never>(
  table: TB,
  finish: (query: InsertQueryBuilder<Database, TB, InsertResult>) => Compilable<O> = (query) => query,
): (db: Db, rows: readonly Insertable<Database[TB]>[]) => Promise<O[]> {
  const templates = new Templates();
  const build = (db: Db, rows: readonly Insertable<Database[TB]>[]) =>
    finish(db.insertInto(table).values(rows));
  return async (db, rows) => {
    const columns = shapeOf(rows);
    if (columns === undefined || usesPlugins(db)) return (await db.executeQuery(build(db, rows))).rows;
    const template = templates.get(db, `${rows.length}:${columns.join(',')}`, () =>
      build(db, rows.map((_, i) => Object.fromEntries(columns.map((c) => [c, new Slot(c, i)]))) as never),
    );
    return run<O>(db, template, (slot) => (rows[slot.row] as Record<string, unknown>)[slot.key]);
  };
}

/** The rows' columns when every row has the same ones in the same order, all defined. */
function shapeOf(rows: ReadonlyArray<Record<string, unknown>>): string[] | undefined {
  const [first] = rows;
  if (first === undefined || rows.length > MAX_PREPARED_ROWS) return undefined;
  const columns = Object.keys(first);
  for (const row of rows) {
    const keys = Object.keys(row);
    if (keys.length !== columns.length) return undefined;
    for (let i = 0; i < keys.length; i += 1) {
      const key = keys[i] ?? '';
      if (key !== columns[i] || row[key] === undefined) return undefined;
    }
  }
  return columns;
}
