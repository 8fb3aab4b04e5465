import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../logging/logger.js';
import { KeyCache } from './key-cache.js';
import { hideKey } from './key-ring.service.js';

describe('unwrapped keys in memory', () => {
  it('are cached with a bound: least recently used go first, and every entry expires', () => {
    let now = 0;
    const cache = new KeyCache<string>(3, 1_000, () => now);
    for (const k of ['a', 'b', 'c']) cache.set(k, k.toUpperCase());
    expect(cache.get('a')).toBe('A');
    cache.set('d', 'D');
    expect(cache.size).toBe(3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe('A');
    now = 1_001;
    expect(cache.get('a')).toBeUndefined();
    expect(JSON.stringify({ cache })).toBe('{"cache":"[KeyCache 2 entries]"}');
  });

  it('never show their bytes in JSON, inspection or the log', () => {
    const bytes = randomBytes(32);
    const key = hideKey({ keyId: 'customer_pii', version: 3, key: bytes, algorithm: 'AES-256-GCM' });
    expect(key.key.equals(bytes)).toBe(true);
    const shown = [
      JSON.stringify(key),
      inspect(key, { showHidden: true, depth: 5 }),
      JSON.stringify({ ...key }),
    ];
    let logged = '';
    const logger = createLogger({
      level: 'info',
      destination: new Writable({
        write(chunk: Buffer, _encoding, callback) {
          logged += chunk.toString('utf8');
          callback();
        },
      }),
    });
    logger.info({ key, nested: { key } }, 'a key');
    shown.push(logged);
    for (const text of shown) {
      expect(text).not.toContain(bytes.toString('base64'));
      expect(text).not.toContain(bytes.toString('hex'));
      expect(text).not.toContain(bytes.toString('base64url'));
    }
    expect(JSON.stringify(key)).toContain('[redacted]');
  });
});
