import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/library.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const hasSystemd = (() => {
  try {
    execFileSync('systemd-analyze', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe("the operators' systemd unit", () => {
  it.skipIf(!hasSystemd)(
    'GIVEN the unit in src/app/README.md, pointed at this checkout THEN systemd-analyze verify finds nothing wrong',
    () => {
      const readme = readFileSync(join(root, 'src', 'app', 'README.md'), 'utf8');
      const unit = /```ini\n# \/etc\/systemd\/system\/paperbot\.service\n([\s\S]+?)```/.exec(
        readme,
      )?.[1];
      expect(unit).toContain('ExecStart=/usr/bin/node dist/src/cli.js start');
      const { dir, cleanup } = tempDir();
      const here = unit!
        .replaceAll('/opt/paperbot', root.replace(/\/$/, ''))
        .replace('/usr/bin/node', process.execPath);
      writeFileSync(join(dir, 'paperbot.service'), here);
      const run = spawnSync('systemd-analyze', ['verify', join(dir, 'paperbot.service')], {
        encoding: 'utf8',
      });
      cleanup();
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
    },
  );
});
