/**
 * Node support is what package.json `engines` and the self-audit's supported Node lines say
 * (ADR 0040): every package of the runtime tree (package-lock.json, dev-only packages left out)
 * must accept every version of each supported line that `engines` allows (odd, short-lived lines
 * such as 21 are not supported).
 */
import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { supportedNodeMajors } from '../../src/modules/security-audit/support-lifecycle.data.js';

interface LockEntry {
  version?: string;
  dev?: boolean;
  engines?: Record<string, string> | string[];
}

const root = new URL('../../', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
  engines: { node: string };
};
const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8')) as {
  packages: Record<string, LockEntry>;
};

/** The Node versions Tijori supports: each supported major line, within the engines range. */
function supportedRanges(engines: string, majors: readonly number[]): string[] {
  return majors.map((major) => `${engines} >=${major}.0.0 <${major + 1}.0.0-0`);
}

/** Runtime packages whose declared Node range leaves out part of ours, as `name@version needs range`. */
function narrowerThan(ours: readonly string[], packages: Record<string, LockEntry>): string[] {
  const found: string[] = [];
  for (const [path, entry] of Object.entries(packages)) {
    if (path === '' || entry.dev === true || entry.engines === undefined) continue;
    if (Array.isArray(entry.engines)) continue; // the old array form is advisory only
    const theirs = entry.engines.node;
    if (theirs === undefined) continue;
    const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const valid = semver.validRange(theirs);
    if (valid === null || ours.some((range) => !semver.subset(range, valid))) {
      found.push(`${name}@${entry.version ?? '?'} needs ${theirs}`);
    }
  }
  return found.sort();
}

describe('Node support', () => {
  it('every runtime dependency accepts the Node versions package.json engines allows', () => {
    const ours = supportedRanges(manifest.engines.node, supportedNodeMajors);
    expect(narrowerThan(ours, lock.packages)).toEqual([]);
  });

  it('the check finds a dependency that needs a newer Node than ours', () => {
    const packages: Record<string, LockEntry> = {
      '': {},
      'node_modules/a': { version: '3.1.0', engines: { node: '>=22' } },
      'node_modules/b/node_modules/c': { version: '1.0.0', engines: { node: '>=18' } },
      'node_modules/d': { version: '1.0.0', dev: true, engines: { node: '>=24' } },
    };
    expect(narrowerThan(supportedRanges('>=20.19', [20, 22]), packages)).toEqual(['a@3.1.0 needs >=22']);
    expect(narrowerThan(supportedRanges('>=22', [22, 24]), packages)).toEqual([]);
    expect(narrowerThan(supportedRanges('>=17', [17]), packages)).toEqual([
      'a@3.1.0 needs >=22',
      'c@1.0.0 needs >=18',
    ]);
  });

  it("the self-audit's supported Node lines start at the engines range's lowest major", () => {
    const lowest = semver.minVersion(manifest.engines.node);
    expect(lowest).not.toBeNull();
    expect(supportedNodeMajors[0]).toBe(lowest?.major);
    expect(semver.satisfies(process.version, manifest.engines.node)).toBe(true);
  });
});
