/**
 * The dependency and version check: whether this Tijori release and the Node.js it runs on still
 * get security fixes, from the lifecycle data shipped with the release (no network needed). Past
 * the end of life is a fail; within 90 days of it, a warning; a version the data does not know is
 * unknown, never a pass.
 */
import { DAY_MS, type SecurityCheck } from '../check.types.js';
import type { LifecycleStatus, VersionStatus } from '../security-audit.types.js';
import { nodeReleaseLines, tijoriReleaseLines } from '../support-lifecycle.data.js';

const WARN_DAYS = 90;

export type { LifecycleStatus, VersionStatus } from '../security-audit.types.js';

function statusAt(now: Date, endOfLife: string | undefined): LifecycleStatus {
  if (endOfLife === undefined) return 'unknown';
  const left = new Date(`${endOfLife}T23:59:59.999Z`).getTime() - now.getTime();
  if (left < 0) return 'end_of_life';
  return left < WARN_DAYS * DAY_MS ? 'ending_soon' : 'supported';
}

/** The lifecycle status of a Node.js version (`v20.20.2` or `20.20.2`). */
export function nodeStatus(version: string, now: Date): VersionStatus {
  const major = Number(/^v?(\d+)\./.exec(version)?.[1] ?? NaN);
  const line = nodeReleaseLines.find((l) => l.major === major);
  return {
    version,
    line: Number.isNaN(major) ? 'unknown' : String(major),
    status: statusAt(now, line?.endOfLife),
    endOfLife: line?.endOfLife ?? null,
  };
}

/** The lifecycle status of a Tijori version (`0.1.0`). */
export function tijoriStatus(version: string, now: Date): VersionStatus {
  const line = /^(\d+\.\d+)\./.exec(version)?.[1] ?? 'unknown';
  const release = tijoriReleaseLines.find((l) => l.line === line);
  return {
    version,
    line,
    status: statusAt(now, release?.supportedUntil),
    endOfLife: release?.supportedUntil ?? null,
  };
}

export const versionsCheck: SecurityCheck = {
  id: 'platform.versions',
  title: 'Tijori and Node.js still receive security fixes',
  category: 'platform',
  severity: 'high',
  remediation:
    'Upgrade before the end of life: install a supported Node.js LTS (22 or 24) and the latest Tijori release, then restart. Unsupported versions get no security fixes.',
  async run(ctx) {
    const node = nodeStatus(ctx.env.runtime.nodeVersion, ctx.now);
    const tijori = tijoriStatus(ctx.env.runtime.tijoriVersion, ctx.now);
    const evidence = { node, tijori };
    const both = [tijori, node];
    const describe = (name: string, v: VersionStatus) =>
      `${name} ${v.version} ${v.status === 'end_of_life' ? `reached its end of life on ${v.endOfLife ?? '?'}` : v.status === 'ending_soon' ? `reaches its end of life on ${v.endOfLife ?? '?'}` : v.status === 'unknown' ? 'is not in the shipped lifecycle data' : `is supported until ${v.endOfLife ?? '?'}`}`;
    const found = `${describe('Tijori', tijori)}; ${describe('Node.js', node)}.`;
    if (both.some((v) => v.status === 'end_of_life')) return { status: 'fail', found, evidence };
    if (both.some((v) => v.status === 'unknown')) return { status: 'unknown', found, evidence };
    if (both.some((v) => v.status === 'ending_soon')) return { status: 'warn', found, evidence };
    return { status: 'pass', found, evidence };
  },
};
