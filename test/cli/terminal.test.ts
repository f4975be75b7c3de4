import { EventEmitter } from 'node:events';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../support/library.js';
import { cli } from '../support/run-cli.js';

let env: Record<string, string>;
let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  env = { DB_PATH: join(dir, 'paperbot.db') };
});
afterEach(() => cleanup());

const BOLD = '\u001b[1m';

describe("paperbot follows the terminal's conventions", () => {
  it('GIVEN --version or -V THEN it prints the package version and exits 0', async () => {
    const { version } = JSON.parse(
      readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8'),
    ) as { version: string };
    for (const flag of ['--version', '-V']) {
      const run = await cli([flag], env);
      expect(run).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    }
  });

  it('GIVEN search with unquoted words THEN it searches for all of them, as with quotes', async () => {
    const quoted = await cli(['search', 'speculative decoding draft model', '--json'], env);
    const words = await cli(['search', 'speculative', 'decoding', 'draft', 'model', '--json'], env);
    expect(words.code).toBe(0);
    const ids = (run: { stdout: string }) =>
      (JSON.parse(run.stdout) as { query: string; results: { id: string }[] }).results.map(
        (r) => r.id,
      );
    expect(JSON.parse(words.stdout)).toMatchObject({ query: 'speculative decoding draft model' });
    expect(ids(words)).toEqual(ids(quoted));
  });

  it('GIVEN a terminal THEN matched words are bold, unless NO_COLOR; FORCE_COLOR makes them bold in a pipe', async () => {
    const terminal = { columns: 100 };
    expect((await cli(['search', 'WildBench'], env, '', terminal)).stdout).toContain(BOLD);
    const noColor = await cli(['search', 'WildBench'], { ...env, NO_COLOR: '1' }, '', terminal);
    expect(noColor.stdout).toMatch(/\*\*WildBench\*\*|WildBench/);
    expect(noColor.stdout).not.toContain('\u001b[');
    expect((await cli(['search', 'WildBench'], env)).stdout).not.toContain('\u001b[');
    expect((await cli(['search', 'WildBench'], { ...env, FORCE_COLOR: '1' })).stdout).toContain(
      BOLD,
    );
    const forcedOff = await cli(
      ['search', 'WildBench'],
      { ...env, FORCE_COLOR: '0' },
      '',
      terminal,
    );
    expect(forcedOff.stdout).not.toContain('\u001b[');
  });

  it('GIVEN --help THEN it shows examples and points to .env.example for the settings', async () => {
    const run = await cli(['--help'], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Examples:\n {2}paperbot search [a-z ]+\n/);
    expect(run.stdout).toMatch(/\.env\.example lists every one/);
  });

  it('GIVEN paper --help THEN its example id is a paper of the bundled library', async () => {
    const help = await cli(['paper', '--help'], env);
    const id = /e\.g\. (\w{8})\)/.exec(help.stdout)?.[1];
    expect(id).toBeDefined();
    const shown = await cli(['paper', id!], env);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(new RegExp(`\\n {2}id {11}${id}\\n`));
  });
});

describe('DB_PATH that cannot be a library', () => {
  it('GIVEN DB_PATH in a folder that does not exist THEN it names the path and says to create it, creating nothing', async () => {
    const missing = join(dir, 'no', 'such', 'folder');
    const run = await cli(['search', 'x'], { DB_PATH: join(missing, 'paperbot.db') });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`the folder ${missing} does not exist`);
    expect(run.stderr).toContain(`mkdir -p ${missing}`);
    expect(() => readFileSync(missing)).toThrow(/ENOENT/);
  });

  it('GIVEN DB_PATH at a file that is not a database THEN it names the file and what to do, and leaves it alone', async () => {
    const notes = join(dir, 'notes.txt');
    const text = 'my notes, not a database\n'.repeat(200);
    writeFileSync(notes, text);
    const run = await cli(['search', 'x'], { DB_PATH: notes });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      new RegExp(
        `^DB_PATH ${notes} is not a paperbot library \\(file is not a database\\)\\. Set DB_PATH to a new file name`,
      ),
    );
    expect(readFileSync(notes, 'utf8')).toBe(text);
  });

  it('GIVEN DB_PATH at a folder THEN it says so', async () => {
    const folder = join(dir, 'library');
    mkdirSync(folder);
    const run = await cli(['search', 'x'], { DB_PATH: folder });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`DB_PATH ${folder} is a folder`);
  });
});

/** A listing page of `n` made-up papers. */
function bigPage(n: number): string {
  const entries = Array.from(
    { length: n },
    (_, i) =>
      `Made-Up Paper Number ${i} on Topic ${i % 97}\n\nWe study made-up topic ${i} with a method that works. It improves the results on several benchmarks by a wide margin.\n`,
  );
  return entries.join('\n');
}

describe('paperbot ingest', () => {
  it('GIVEN a path that cannot be read THEN exit 1 naming it, and nothing of the other pages is written', async () => {
    await cli(['ingest'], env);
    const good = join(dir, 'good.txt');
    writeFileSync(good, bigPage(3));
    const missing = join(dir, 'missing', 'file.txt');
    const run = await cli(['ingest', good, missing], env);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `paperbot ingest: cannot read ${missing}: no such file or folder\nNothing was changed.\n`,
    );
    const after = await cli(['ingest', '--json'], env);
    expect(JSON.parse(after.stdout)).toMatchObject({ new: 0, total: 251 });
  });

  it('GIVEN SIGINT during an ingest THEN it says "interrupted; nothing was changed", exits 130 and writes nothing', async () => {
    await cli(['ingest'], env);
    const page = join(dir, 'big.txt');
    writeFileSync(page, bigPage(5_000));
    const signals = new EventEmitter();
    // The ingest hands the event loop back after its first 2,000 papers: the signal comes then.
    setImmediate(() => signals.emit('SIGINT'));
    const run = await cli(['ingest', page], env, '', { signals });
    expect(run.code).toBe(130);
    expect(run.stderr).toBe('paperbot ingest: interrupted; nothing was changed.\n');
    expect(run.stdout).toBe('');
    const after = await cli(['ingest', '--json'], env);
    expect(JSON.parse(after.stdout)).toMatchObject({ new: 0, total: 251 });
  });

  it('GIVEN a terminal THEN a long ingest shows a bar with counts and rate, and a pipe gets nothing extra', async () => {
    const page = join(dir, 'big.txt');
    writeFileSync(page, bigPage(6_000));
    // Words alone: embedding 500 new papers afterwards is not what this test is about.
    env.SEMANTIC_SEARCH = 'off';
    const shown = await cli(['ingest', page], env, '', { columns: 100 });
    expect(shown.code).toBe(0);
    expect(shown.stderr).toMatch(/Ingesting papers .*\b2,000\/6,000 · [\d,]+\/s/);
    const piped = await cli(['ingest', page, '--json'], { ...env, DB_PATH: join(dir, 'other.db') });
    expect(piped.stderr).toBe('Built the paper library from data/ (first use): 251 papers.\n');
    expect(JSON.parse(piped.stdout)).toMatchObject({ new: 6_000 });
  });
});
