/** What every CLI command gets: the environment, the streams, and the exit-code convention. */
import type { Readable, Writable } from 'node:stream';
import { ConfigError, loadConfig, type Config } from '../config/config.js';
import { AppError } from '../domain/app-error.js';

/** 0 success, 1 a check found a problem, 2 bad usage or configuration. */
export const ExitCode = { ok: 0, problem: 1, usage: 2 } as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export interface CliContext {
  env: Readonly<Record<string, string | undefined>>;
  stdout: Writable;
  stderr: Writable;
  stdin: Readable & { isTTY?: boolean };
  /** Set by a command; the runner exits with it. */
  exitCode: ExitCodeValue;
}

/** An error that ends a command with a message and an exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCodeValue,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Loads the configuration with command-line overrides (`--data-dir`) applied over the environment. */
export function configFor(context: CliContext, overrides: { dataDir?: string } = {}): Config {
  const env = { ...context.env };
  if (overrides.dataDir !== undefined) env.TIJORI_DATA_DIR = overrides.dataDir;
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError)
      throw new CliError(`Configuration error:\n${error.message}`, ExitCode.usage);
    throw error;
  }
}

/** Turns an application error into a CLI error: validation problems are usage errors. */
export function toCliError(error: unknown): CliError | undefined {
  if (error instanceof CliError) return error;
  if (error instanceof AppError) {
    const where = error.field === undefined ? '' : ` (${error.field})`;
    return new CliError(
      `${error.message}${where}`,
      error.code === 'validation_failed' ? ExitCode.usage : ExitCode.problem,
    );
  }
  return undefined;
}
