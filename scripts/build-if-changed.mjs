#!/usr/bin/env node
/**
 * `npm start` runs this first: it builds (`npm run build`) only when the sources changed since the
 * last build it made. The build stamp `dist/.build-stamp` holds a SHA-256 over the build's inputs
 * (every file under src/ and web/, the lockfile, package.json and the TypeScript configurations,
 * by relative path and content); a start whose inputs hash to the stamp, with the server and the
 * web app present in dist/, starts at once. A clean clone has no dist/, so it builds. Plain
 * JavaScript on purpose: it runs before anything is compiled.
 *
 * `node scripts/build-if-changed.mjs [--check]`: `--check` only says whether a build is needed
 * (exit 0: up to date, 1: would build).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Folders whose every file is an input of the build. */
export const INPUT_DIRS = ['src', 'web'];
/** Single files that are inputs of the build. */
export const INPUT_FILES = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'];
/** What a build leaves, all of which must exist for a build to be skipped. */
export const OUTPUTS = [join('dist', 'src', 'cli', 'bin.js'), join('dist', 'web', 'index.html')];
export const STAMP_FILE = join('dist', '.build-stamp');

/** Names never read inside the input folders (editor and OS litter, nested installs or builds). */
const SKIPPED = new Set(['node_modules', 'dist', '.DS_Store', '.git']);

function listFiles(root, dir, out) {
  let entries;
  try {
    entries = readdirSync(join(root, dir), { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (SKIPPED.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) listFiles(root, path, out);
    else if (entry.isFile()) out.push(path);
  }
}

/** The SHA-256 (hex) of the build's inputs under `root`: relative paths and contents, in path order. */
export function sourceStamp(root) {
  const files = [];
  for (const dir of INPUT_DIRS) listFiles(root, dir, files);
  for (const file of INPUT_FILES) if (existsSync(join(root, file))) files.push(file);
  const posix = files.map((f) => f.split(sep).join('/')).sort();
  const hash = createHash('sha256');
  for (const file of posix) {
    const content = readFileSync(join(root, file));
    // Length-prefixed, so that no two different trees can produce the same byte stream.
    hash.update(`${file}\0${String(content.length)}\0`);
    hash.update(content);
  }
  return hash.digest('hex');
}

function readStamp(root) {
  try {
    return readFileSync(join(root, STAMP_FILE), 'utf8').trim();
  } catch {
    return null;
  }
}

/** Why a build is needed, or null when the last build is of these very sources. */
export function buildReason(root, stamp = sourceStamp(root)) {
  const missing = OUTPUTS.find((file) => !existsSync(join(root, file)));
  if (missing !== undefined) return `${relative(root, join(root, missing))} is missing`;
  const previous = readStamp(root);
  if (previous === null) return 'no build stamp';
  if (previous !== stamp) return 'the sources changed since the last build';
  return null;
}

/** Builds when needed; returns the process exit code. */
export function buildIfChanged(root, log = (line) => process.stdout.write(`${line}\n`)) {
  const stamp = sourceStamp(root);
  const reason = buildReason(root, stamp);
  if (reason === null) {
    log('Tijori: the build is up to date with the sources; starting without building.');
    return 0;
  }
  log(`Tijori: building (${reason}).`);
  // A build that fails halfway must not leave an old stamp that matches nothing (or, worse, a
  // stamp for a tree whose build is broken): drop it first, write the new one only on success.
  rmSync(join(root, STAMP_FILE), { force: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) return result.status ?? 1;
  const tmp = `${join(root, STAMP_FILE)}.tmp`;
  writeFileSync(tmp, `${stamp}\n`);
  renameSync(tmp, join(root, STAMP_FILE));
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const root = process.cwd();
  if (process.argv.includes('--check')) {
    const reason = buildReason(root);
    process.stdout.write(reason === null ? 'up to date\n' : `would build: ${reason}\n`);
    process.exitCode = reason === null ? 0 : 1;
  } else {
    process.exitCode = buildIfChanged(root);
  }
}
