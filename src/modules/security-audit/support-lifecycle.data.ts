/**
 * Support lifecycles shipped with the release, so the version check needs no network: the end of
 * life of each Node.js release line (from the Node.js release schedule,
 * https://github.com/nodejs/Release) and the support window of each Tijori release line. Update
 * both with every release.
 */

export interface NodeReleaseLine {
  /** The major version. */
  major: number;
  /** Long-term support line (even majors), or a short-lived current line. */
  lts: boolean;
  /** The last day of security fixes (UTC date). */
  endOfLife: string;
}

export const nodeReleaseLines: readonly NodeReleaseLine[] = [
  { major: 16, lts: true, endOfLife: '2023-09-11' },
  { major: 17, lts: false, endOfLife: '2022-06-01' },
  { major: 18, lts: true, endOfLife: '2025-04-30' },
  { major: 19, lts: false, endOfLife: '2023-06-01' },
  { major: 20, lts: true, endOfLife: '2026-04-30' },
  { major: 21, lts: false, endOfLife: '2024-06-01' },
  { major: 22, lts: true, endOfLife: '2027-04-30' },
  { major: 23, lts: false, endOfLife: '2025-06-01' },
  { major: 24, lts: true, endOfLife: '2028-04-30' },
  { major: 25, lts: false, endOfLife: '2026-06-01' },
  { major: 26, lts: true, endOfLife: '2029-04-30' },
];

export interface TijoriReleaseLine {
  /** `major.minor`. */
  line: string;
  released: string;
  /** Security fixes until this day (UTC date). */
  supportedUntil: string;
}

export const tijoriReleaseLines: readonly TijoriReleaseLine[] = [
  { line: '0.1', released: '2026-11-24', supportedUntil: '2027-11-30' },
];

/** The Node.js release lines Tijori runs on (package.json `engines` says >= 20.19). */
export const supportedNodeMajors: readonly number[] = [20, 22, 24];
