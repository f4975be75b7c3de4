import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');

describe('the paperbot command as npx and npm link run it', () => {
  it('GIVEN npm run build (what npm ci runs through prepare) THEN the bin file is executable, so `npx paperbot` starts', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      bin: { paperbot: string };
    };
    const bin = join(root, pkg.bin.paperbot);
    // As in a fresh clone: the compiler writes a new file, with no mode bits but its default.
    rmSync(bin, { force: true });
    const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    expect(statSync(bin).mode & 0o111).toBe(0o111);
    const run = spawnSync(bin, ['--version'], { cwd: root, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  }, 120_000);
});
