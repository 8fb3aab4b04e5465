import { describe, expect, it } from 'vitest';
import { formatDuration, instantToIstInput, istInputToInstant } from './ist-input';

describe('IST inputs and durations', () => {
  it('reads a typed time as IST and shows an instant in IST', () => {
    expect(istInputToInstant('2026-06-01T23:30')).toBe('2026-06-01T23:30:00+05:30');
    expect(istInputToInstant('2026-06-01')).toBeNull();
    expect(instantToIstInput('2026-06-01T18:00:00.000Z')).toBe('2026-06-01T23:30');
    expect(instantToIstInput('2026-03-31T20:00:00Z')).toBe('2026-04-01T01:30');
  });

  it('writes durations people read at a glance', () => {
    expect(formatDuration(5 * 3600_000 + 12 * 60_000 + 59_000)).toBe('5 h 12 min');
    expect(formatDuration(-(65 * 60_000))).toBe('1 h 5 min');
    expect(formatDuration(76 * 3600_000)).toBe('3 d 4 h');
    expect(formatDuration(30_000)).toBe('< 1 min');
  });
});
