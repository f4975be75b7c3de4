import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open-database.js';
import { tempDir } from '../support/library.js';

const ROOT = join(import.meta.dirname, '../..');

describe('Ctrl-C during paperbot ingest (a real process)', () => {
  it('GIVEN SIGINT while a big page is being ingested THEN "interrupted; nothing was changed", exit 130, and the library is as it was', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const dbPath = join(dir, 'paperbot.db');
      const page = join(dir, 'big.txt');
      const entries = Array.from(
        { length: 30_000 },
        (_, i) =>
          `Made-Up Paper ${i}\n\nWe study made-up topic ${i} with a method that works. It improves the results on several benchmarks.\n`,
      );
      writeFileSync(page, entries.join('\n'));
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'ingest', page], {
        cwd: ROOT,
        env: { PATH: process.env.PATH, DB_PATH: dbPath, SEMANTIC_SEARCH: 'off' },
      });
      let stderr = '';
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      // 'close', not 'exit': the last lines may still be in the pipes when the process exits.
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      // The first use builds the library from the bundled pages, then reads the big page:
      // the signal comes while the 30,000 papers are being read and written.
      await new Promise<void>((resolve) =>
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          if (stderr.includes('Built the paper library')) resolve();
        }),
      );
      child.kill('SIGINT');
      const code = await exited;
      expect(stderr).toContain('paperbot ingest: interrupted; nothing was changed.\n');
      expect(code).toBe(130);
      expect(stdout).toBe('');
      const { db } = openDatabase(dbPath);
      try {
        expect(db.prepare('SELECT count(*) FROM papers').pluck().get()).toBe(251);
      } finally {
        db.close();
      }
    } finally {
      cleanup();
    }
  }, 60_000);
});
