import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('configuration', () => {
  it('defaults fit one shop: ./tijori-data and HTTPS on 8443', () => {
    const config = loadConfig({});
    expect(config.dataDir).toBe('./tijori-data');
    expect(config.port).toBe(8443);
    expect(config.httpOnly).toBe(false);
    expect(config.databaseUrl).toBeUndefined();
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads TIJORI_* variables', () => {
    const config = loadConfig({
      TIJORI_PORT: '9443',
      TIJORI_DATA_DIR: '/srv/tijori',
      TIJORI_DATABASE_URL: 'postgres://u@h/db',
    });
    expect(config.port).toBe(9443);
    expect(config.dataDir).toBe('/srv/tijori');
    expect(config.databaseUrl).toBe('postgres://u@h/db');
  });

  it('names the setting and says how to fix a bad value', () => {
    expect(() => loadConfig({ TIJORI_PORT: 'abc' })).toThrow(ConfigError);
    expect(() => loadConfig({ TIJORI_PORT: 'abc' })).toThrow(
      /TIJORI_PORT.*Fix: set TIJORI_PORT to a port number/s,
    );
    expect(() => loadConfig({ TIJORI_PORT: '70000' })).toThrow(/TIJORI_PORT/);
    expect(() => loadConfig({ TIJORI_DATABASE_URL: 'mysql://x' })).toThrow(/TIJORI_DATABASE_URL/);
    expect(() => loadConfig({ TIJORI_LOG_LEVEL: 'loud' })).toThrow(/TIJORI_LOG_LEVEL.*one of/s);
  });

  it('never echoes a secret setting in its error', () => {
    try {
      loadConfig({ TIJORI_DATABASE_URL: 'mysql://user:hunter2-secret@host/db' });
      expect.unreachable();
    } catch (error) {
      expect(String(error)).not.toContain('hunter2-secret');
    }
  });

  it('reads a JSON config file named by TIJORI_CONFIG, with the environment taking precedence', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tijori-config-'));
    const file = join(dir, 'tijori.json');
    writeFileSync(file, JSON.stringify({ port: 9000, logLevel: 'warn' }));
    const config = loadConfig({ TIJORI_CONFIG: file, TIJORI_PORT: '9001' });
    expect(config.port).toBe(9001);
    expect(config.logLevel).toBe('warn');
  });

  it('refuses an unknown key or a non-object in the config file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tijori-config-'));
    const file = join(dir, 'tijori.json');
    writeFileSync(file, JSON.stringify({ prot: 9000 }));
    expect(() => loadConfig({ TIJORI_CONFIG: file })).toThrow(/prot: unknown setting/);
    writeFileSync(file, '[1,2]');
    expect(() => loadConfig({ TIJORI_CONFIG: file })).toThrow(/TIJORI_CONFIG/);
    expect(() => loadConfig({ TIJORI_CONFIG: join(dir, 'missing.json') })).toThrow(/TIJORI_CONFIG/);
  });

  it('checks settings that depend on each other', () => {
    expect(() => loadConfig({ TIJORI_KEY_PROVIDER: 'env' })).toThrow(/TIJORI_KEK/);
    expect(() => loadConfig({ TIJORI_TLS_CERT_FILE: '/x.pem' })).toThrow(/TIJORI_TLS_KEY_FILE/);
  });
});
