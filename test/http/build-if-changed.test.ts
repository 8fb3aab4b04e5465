/**
 * `npm start` builds only when the sources changed (issue 22): scripts/build-if-changed.mjs run
 * as a process on a small project whose `npm run build` counts its runs. It builds on a clean
 * clone, skips an unchanged built tree, builds again after any change to the sources, the web
 * app, the lockfile or a missing output, and never leaves a stamp for a failed build.
 */
import { execFile } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const script = join(import.meta.dirname, '..', '..', 'scripts', 'build-if-changed.mjs');

/** A build that writes the outputs the start needs and counts itself; fails if FAIL_BUILD exists. */
const fakeBuild = [
  "const fs = require('node:fs');",
  "if (fs.existsSync('FAIL_BUILD')) process.exit(3);",
  "fs.mkdirSync('dist/src/cli', { recursive: true }); fs.mkdirSync('dist/web', { recursive: true });",
  "fs.writeFileSync('dist/src/cli/bin.js', ''); fs.writeFileSync('dist/web/index.html', '');",
  "fs.appendFileSync('builds.txt', 'x');",
].join(' ');

function run(cwd: string, ...args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [script, ...args], { cwd }, (error, stdout) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, out: stdout });
    });
  });
}

describe('npm start builds only when the sources changed', () => {
  let root: string;
  const builds = () =>
    existsSync(join(root, 'builds.txt')) ? readFileSync(join(root, 'builds.txt'), 'utf8').length : 0;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'tijori-stamp-'));
    writeFileSync(
      join(root, 'package.json'),
      JSON.stringify({ name: 'stamp-fixture', private: true, scripts: { build: `node -e "${fakeBuild}"` } }),
    );
    writeFileSync(join(root, 'package-lock.json'), '{"lockfileVersion":3}');
    mkdirSync(join(root, 'src', 'cli'), { recursive: true });
    mkdirSync(join(root, 'web', 'src'), { recursive: true });
    writeFileSync(join(root, 'src', 'cli', 'bin.ts'), 'export const a = 1;\n');
    writeFileSync(join(root, 'web', 'src', 'app.tsx'), 'export const b = 2;\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('builds a clean clone, then starts an unchanged built tree without building', async () => {
    expect(await run(root, '--check')).toMatchObject({ code: 1 });
    const first = await run(root);
    expect(first.code).toBe(0);
    expect(first.out).toContain('building');
    expect(builds()).toBe(1);
    expect(readFileSync(join(root, 'dist', '.build-stamp'), 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);

    const second = await run(root);
    expect(second.code).toBe(0);
    expect(second.out).toContain('up to date');
    expect(builds()).toBe(1);
    expect(await run(root, '--check')).toMatchObject({ code: 0 });
  });

  it('builds again after a change to the server, the web app, the lockfile or a new file', async () => {
    await run(root);
    const changes: Array<() => void> = [
      () => appendFileSync(join(root, 'src', 'cli', 'bin.ts'), '// edited\n'),
      () => writeFileSync(join(root, 'web', 'src', 'app.tsx'), 'export const b = 3;\n'),
      () => writeFileSync(join(root, 'package-lock.json'), '{"lockfileVersion":3,"x":1}'),
      () => writeFileSync(join(root, 'src', 'new-module.ts'), ''),
      () => unlinkSync(join(root, 'src', 'new-module.ts')),
      // A file moved to another name with the same content is a change too.
      () => {
        writeFileSync(
          join(root, 'web', 'src', 'moved.tsx'),
          readFileSync(join(root, 'web', 'src', 'app.tsx')),
        );
        unlinkSync(join(root, 'web', 'src', 'app.tsx'));
      },
    ];
    for (const [i, change] of changes.entries()) {
      change();
      expect(await run(root, '--check'), `change ${String(i)}`).toMatchObject({ code: 1 });
      expect((await run(root)).code).toBe(0);
      expect(builds(), `change ${String(i)}`).toBe(i + 2);
      expect(await run(root, '--check')).toMatchObject({ code: 0 });
    }
    expect(builds()).toBe(changes.length + 1);
  });

  it('builds again when an output is missing, and ignores files outside the inputs', async () => {
    await run(root);
    writeFileSync(join(root, 'notes.txt'), 'not an input');
    mkdirSync(join(root, 'tijori-data'));
    writeFileSync(join(root, 'tijori-data', 'db.sqlite'), 'data');
    expect((await run(root)).out).toContain('up to date');
    rmSync(join(root, 'dist', 'web'), { recursive: true });
    expect((await run(root, '--check')).out).toContain('index.html is missing');
    await run(root);
    expect(builds()).toBe(2);
  });

  it('leaves no stamp when the build fails, so the next start builds again', async () => {
    await run(root);
    appendFileSync(join(root, 'src', 'cli', 'bin.ts'), '// broken edit\n');
    writeFileSync(join(root, 'FAIL_BUILD'), '');
    const failed = await run(root);
    expect(failed.code).toBe(3);
    expect(existsSync(join(root, 'dist', '.build-stamp'))).toBe(false);
    // The old outputs are still there, but without a stamp the start does not trust them.
    expect(await run(root, '--check')).toMatchObject({ code: 1 });
    unlinkSync(join(root, 'FAIL_BUILD'));
    expect((await run(root)).code).toBe(0);
    expect((await run(root)).out).toContain('up to date');
  });
});
