/**
 * The shared part of CSV imports (items, customers): read the file with a header row, turn each
 * record into an input object, check it with the same zod schema and rules as the API, and report
 * every bad row by row number and column, never by value (rows may hold personal data). Importers
 * then import nothing when a row is bad, unless asked to skip bad rows.
 */
import { parse } from 'csv-parse/sync';
import type { z } from 'zod';
import { AppError } from '../../domain/app-error.js';
import { scanForSensitiveNumbers, type SensitiveKind } from '../../domain/sensitive-numbers.js';

const FORBIDDEN = new Set<SensitiveKind>(['card_number', 'aadhaar']);

/** One problem: the file's row number (the header is row 1) and the column at fault. */
export interface ImportProblem {
  row: number;
  column: string;
  message: string;
}

export interface ImportReport {
  /** Data rows in the file. */
  rows: number;
  imported: number;
  skipped: number;
  problems: ImportProblem[];
  /** True when nothing was written because of problems (and skipping was not asked for). */
  rejected: boolean;
}

/** Most data rows one import takes. */
export const MAX_IMPORT_ROWS = 50_000;

export interface CsvSpec<T> {
  /** Columns the header must have. */
  required: readonly string[];
  /** Every column understood (others are reported). */
  known: readonly string[];
  /** Builds the input object from a record; throws AppError(validation_failed, field=column). */
  toInput(record: Readonly<Record<string, string>>): unknown;
  schema: z.ZodType<T>;
  /** Maps a path in the input object to its CSV column. */
  columnOf(path: readonly PropertyKey[]): string;
}

export interface ParsedRow<T> {
  row: number;
  input: T;
}

/** Parses and checks every row; good rows come back with the problems of the bad ones. */
export function parseCsv<T>(
  text: string,
  spec: CsvSpec<T>,
): { good: ParsedRow<T>[]; problems: ImportProblem[]; rows: number } {
  let records: Record<string, string>[];
  try {
    records = parse(text, {
      columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
      bom: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: false,
    });
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new AppError(
      'validation_failed',
      `the file is not valid CSV${line === undefined ? '' : ` (near line ${line})`}`,
      'file',
    );
  }
  if (records.length > MAX_IMPORT_ROWS)
    throw new AppError('validation_failed', `at most ${MAX_IMPORT_ROWS} rows per import`, 'file');
  const header = records.length > 0 ? Object.keys(records[0] ?? {}) : headerOf(text);
  const missing = spec.required.filter((c) => !header.includes(c));
  const unknown = header.filter((c) => !spec.known.includes(c));
  const problems: ImportProblem[] = [
    ...missing.map((column) => ({ row: 1, column, message: 'required column is missing' })),
    ...unknown.map((column) => ({ row: 1, column, message: 'unknown column' })),
  ];
  if (problems.length > 0) return { good: [], problems, rows: records.length };
  const good: ParsedRow<T>[] = [];
  records.forEach((record, index) => {
    const row = index + 2;
    const sensitive = scanForSensitiveNumbers(record, FORBIDDEN);
    if (sensitive !== undefined) {
      problems.push({
        row,
        column: sensitive.path,
        message: 'holds a card or Aadhaar number, which must never be stored',
      });
      return;
    }
    try {
      const result = spec.schema.safeParse(spec.toInput(record));
      if (result.success) good.push({ row, input: result.data });
      else
        for (const issue of result.error.issues)
          problems.push({ row, column: spec.columnOf(issue.path), message: issue.message });
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'validation_failed') throw error;
      problems.push({ row, column: error.field ?? 'row', message: error.message });
    }
  });
  return { good, problems, rows: records.length };
}

function headerOf(text: string): string[] {
  const first = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  return first
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '');
}

/** Runs a rule on a row; a validation failure or conflict becomes a problem of that row. */
export async function checkRow(
  problems: ImportProblem[],
  row: number,
  columnOf: (field: string) => string,
  rule: () => void | Promise<void>,
): Promise<boolean> {
  try {
    await rule();
    return true;
  } catch (error) {
    if (!(error instanceof AppError) || (error.code !== 'validation_failed' && error.code !== 'conflict'))
      throw error;
    problems.push({ row, column: columnOf(error.field ?? 'row'), message: error.message });
    return false;
  }
}

/** The report for an import, deciding whether the good rows may be written. */
export function importDecision(
  rows: number,
  goodRows: number,
  problems: readonly ImportProblem[],
  skipInvalid: boolean,
): { write: boolean; report: ImportReport } {
  const sorted = [...problems].sort((a, b) => a.row - b.row);
  const write = goodRows > 0 && (problems.length === 0 || skipInvalid);
  return {
    write,
    report: {
      rows,
      imported: write ? goodRows : 0,
      skipped: write ? rows - goodRows : rows,
      problems: sorted,
      rejected: problems.length > 0 && !skipInvalid,
    },
  };
}

/** Maps a path in an input object (its last key) to the CSV column it came from. */
export function columnMapper(
  columns: Readonly<Record<string, string>>,
): (path: readonly PropertyKey[]) => string {
  return (path) => columns[String(path[path.length - 1] ?? '')] ?? 'row';
}

/** `yes/no/true/false/1/0` to a boolean; empty gives the default. */
export function csvFlag(value: string | undefined, column: string, fallback: boolean): boolean {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '') return fallback;
  if (['yes', 'y', 'true', '1'].includes(v)) return true;
  if (['no', 'n', 'false', '0'].includes(v)) return false;
  throw new AppError('validation_failed', 'must be yes or no', column);
}

/** An empty CSV cell as absent. */
export function cell(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v === undefined || v === '' ? undefined : v;
}
