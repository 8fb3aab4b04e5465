/**
 * Loads the configuration once at boot: an optional JSON file (`TIJORI_CONFIG`), then
 * `TIJORI_*` environment variables over it. The result is validated and frozen; modules receive
 * it as an argument and never read the environment themselves.
 */
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { configSchema, settingInfo, type Config, type ConfigKey } from './config.schema.js';

export type { Config } from './config.schema.js';

/** A setting that cannot be used; the message names it and says how to fix it. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

const envToKey = new Map(Object.entries(settingInfo).map(([key, info]) => [info.env, key as ConfigKey]));

function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError(
      `TIJORI_CONFIG: cannot read the config file. Fix: point TIJORI_CONFIG at a readable JSON file.`,
    );
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new Error('not an object');
    return parsed as Record<string, unknown>;
  } catch {
    throw new ConfigError(
      `TIJORI_CONFIG: the config file is not a JSON object. Fix: write settings as {"port": 8443}.`,
    );
  }
}

function describeIssue(issue: z.core.$ZodIssue, raw: Record<string, unknown>): string {
  if (issue.code === 'unrecognized_keys') {
    return `${issue.keys.join(', ')}: unknown setting. Fix: remove it; known settings are listed in the README.`;
  }
  const key = issue.path[0] as ConfigKey | undefined;
  if (key === undefined || !(key in settingInfo)) {
    const name = String(issue.path[0] ?? '(root)');
    return `${name}: unknown setting. Fix: remove it; known settings are listed in the README.`;
  }
  const info = settingInfo[key];
  const value = raw[key];
  const shown = info.secret || value === undefined ? '' : ` (got ${JSON.stringify(value)})`;
  return `${info.env}: ${issue.message}${shown}. Fix: set ${info.env} to ${info.hint}.`;
}

/** Builds the configuration from an environment and an optional config file; throws ConfigError. */
export function loadConfig(env: Env): Config {
  const raw: Record<string, unknown> = {};
  const filePath = env.TIJORI_CONFIG;
  if (filePath !== undefined && filePath !== '') Object.assign(raw, readConfigFile(filePath));
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('TIJORI_') || name === 'TIJORI_CONFIG' || value === undefined) continue;
    const key = envToKey.get(name);
    // Test-only and CLI-only variables share the prefix; unknown ones are ignored, not fatal.
    if (key !== undefined && value !== '') raw[key] = value;
  }
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => describeIssue(issue, raw)).join('\n'));
  }
  const config = result.data;
  if (config.keyProvider === 'env' && config.kek === undefined) {
    throw new ConfigError(
      'TIJORI_KEK: required when TIJORI_KEY_PROVIDER=env. Fix: set TIJORI_KEK to 32 random bytes in base64.',
    );
  }
  if (
    config.keyProvider === 'pkcs11' &&
    (config.pkcs11Module === undefined || config.pkcs11Pin === undefined)
  ) {
    throw new ConfigError(
      'TIJORI_PKCS11_MODULE: the pkcs11 provider needs TIJORI_PKCS11_MODULE and TIJORI_PKCS11_PIN. Fix: set both.',
    );
  }
  if ((config.tlsCertFile === undefined) !== (config.tlsKeyFile === undefined)) {
    throw new ConfigError('TIJORI_TLS_CERT_FILE: set it together with TIJORI_TLS_KEY_FILE, or unset both.');
  }
  return Object.freeze(config);
}

/** Builds a configuration from explicit values (tests, CLI flags), with the same validation. */
export function buildConfig(values: Partial<Record<ConfigKey, unknown>>): Config {
  const result = configSchema.safeParse(values);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => describeIssue(issue, values)).join('\n'));
  }
  return Object.freeze(result.data);
}
