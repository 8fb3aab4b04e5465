/**
 * The verifier's reusable-buffer hasher (issue 22) computes exactly what the recorder's
 * `contentHash` and `chainHash` compute, for any text (Hindi, emoji, long details that outgrow
 * its buffer), and refuses a link whose stored previous hash is not 32 bytes of hex.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ChainHasher,
  chainHash,
  contentHash,
  genesisHash,
  type ChainedEntry,
} from '../../src/modules/audit/audit-hash.js';

const entry = (over: Partial<ChainedEntry> = {}): ChainedEntry => ({
  tenant_id: 't1',
  seq: 1,
  occurred_at: '2026-12-07T05:00:00.000Z',
  actor_type: 'user',
  actor_id: 'u1',
  session_id: null,
  device_id: null,
  action: 'invoice.issue',
  object_type: 'invoice',
  object_id: 'inv-1',
  outcome: 'success',
  request_id: 'req-1',
  source: 'http 10.0.0.5',
  retention: 'gst',
  details: '{"lines":3}',
  ...over,
});

describe('ChainHasher', () => {
  it('matches contentHash and chainHash, also for non-ASCII and details larger than its buffer', () => {
    const hasher = new ChainHasher();
    const cases = [
      entry(),
      entry({ actor_id: 'राम कुमार', details: '{"note":"धन्यवाद 🙏"}', session_id: 's' }),
      entry({ details: JSON.stringify({ big: 'x'.repeat(40_000) }) }),
      entry({ details: '😀'.repeat(9000) }),
      entry({ seq: 2, details: '' }),
    ];
    let prev = genesisHash('t1');
    for (const e of cases) {
      const content = hasher.contentHash(e);
      expect(content.equals(contentHash(e))).toBe(true);
      const next = chainHash(prev, content);
      expect(hasher.linkMatches(prev.toString('hex'), content, next.toString('hex'))).toBe(true);
      expect(hasher.linkMatches(next.toString('hex'), content, next.toString('hex'))).toBe(false);
      prev = next;
    }
  });

  it('agrees with contentHash on arbitrary strings', () => {
    const hasher = new ChainHasher();
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.option(fc.string({ unit: 'grapheme' })), (a, b) => {
        const e = entry({ actor_id: a, details: b ?? '{}', device_id: b });
        expect(hasher.contentHash(e).equals(contentHash(e))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a previous hash that is not 64 hex digits, whatever its buffer held before', () => {
    const hasher = new ChainHasher();
    const content = contentHash(entry());
    const prev = genesisHash('t1');
    const good = chainHash(prev, content).toString('hex');
    expect(hasher.linkMatches(prev.toString('hex'), content, good)).toBe(true);
    // Same first bytes, then garbage: a partial hex write must not reuse the bytes left behind.
    const spoiled = `${prev.toString('hex').slice(0, 62)}zz`;
    expect(hasher.linkMatches(spoiled, content, good)).toBe(false);
    expect(hasher.linkMatches(prev.toString('hex').slice(0, 62), content, good)).toBe(false);
    expect(hasher.linkMatches('', content, good)).toBe(false);
    expect(hasher.linkMatches(prev.toString('hex'), content, good.toUpperCase())).toBe(false);
  });
});
