/** The canonical encoding is unambiguous and stable; the chain hash is pinned by a vector. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  chainHash,
  contentHash,
  encodeEntry,
  genesisHash,
  type ChainedEntry,
} from './audit-hash.js';

const entry: ChainedEntry = {
  tenant_id: '7c1d2f9e-0000-4000-8000-000000000001',
  seq: 42,
  occurred_at: '2026-04-01T04:30:00.000Z',
  actor_type: 'user',
  actor_id: 'u-1',
  session_id: null,
  device_id: null,
  action: 'invoice.issue',
  object_type: 'invoice',
  object_id: 'INV/2026/0042',
  outcome: 'success',
  request_id: 'req-1',
  source: 'http 10.0.0.5',
  retention: 'gst',
  details: '{"lines":3}',
};

const text = fc.option(fc.string({ maxLength: 6 }), { nil: null });
const arbitraryEntry = fc.record({
  tenant_id: fc.string({ maxLength: 4 }),
  seq: fc.nat(),
  occurred_at: fc.string({ maxLength: 4 }),
  actor_type: fc.string({ maxLength: 4 }),
  actor_id: text,
  session_id: text,
  device_id: text,
  action: fc.string({ maxLength: 4 }),
  object_type: fc.string({ maxLength: 4 }),
  object_id: text,
  outcome: fc.string({ maxLength: 4 }),
  request_id: text,
  source: text,
  retention: fc.string({ maxLength: 4 }),
  details: fc.string({ maxLength: 6 }),
});

describe('audit entry encoding', () => {
  it('is pinned: this entry after genesis has this chain hash (see docs/security.md)', () => {
    expect(encodeEntry(entry).subarray(0, 9).toString('hex')).toBe('544a41310100000024');
    expect(contentHash(entry).toString('hex')).toMatchInlineSnapshot(
      `"80c97c3b397dcbb0fc8d0ffc270b6ba227c7b94d174dfb84c019ee01b4168e9b"`,
    );
    expect(chainHash(genesisHash(entry.tenant_id), contentHash(entry)).toString('hex')).toMatchInlineSnapshot(
      `"2a460a3e50d55c18c13390578f8a678990936cbc3517a5943d9dc7b615fff4c3"`,
    );
  });

  it('never encodes two different entries alike (bytes moved between fields, null vs empty)', () => {
    fc.assert(
      fc.property(arbitraryEntry, arbitraryEntry, (a, b) => {
        const same = encodeEntry(a).equals(encodeEntry(b));
        expect(same).toBe(JSON.stringify(a) === JSON.stringify(b));
      }),
      { numRuns: 2000 },
    );
    expect(encodeEntry({ ...entry, actor_id: 'ab', session_id: 'c' })).not.toEqual(
      encodeEntry({ ...entry, actor_id: 'a', session_id: 'bc' }),
    );
    expect(encodeEntry({ ...entry, session_id: '' })).not.toEqual(encodeEntry(entry));
  });

  it('binds a chain to its tenant from the first entry', () => {
    expect(genesisHash('a')).not.toEqual(genesisHash('b'));
  });

  it('writes canonical JSON: keys sorted at every level, undefined dropped', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: 'x' }, u: undefined })).toBe(
      '{"a":{"c":"x","d":[2,{"y":2,"z":1}]},"b":1}',
    );
  });
});
