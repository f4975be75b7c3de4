import { writeFileSync } from 'node:fs';
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

describe('paperbot search', () => {
  it('GIVEN a fresh install THEN the first search builds the library and answers', async () => {
    const run = await cli(['search', 'make language models write much longer outputs'], env);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/Built the paper library from data\/ \(first use\): 251 papers/);
    expect(run.stdout).toMatch(/^1\. .+\n {3}\w{8} · /);
  });

  it('GIVEN --json THEN it prints the contract: query, ms, results[id,title,score,snippet]', async () => {
    const run = await cli(
      ['search', 'speculative decoding draft model', '--json', '--limit', '3'],
      env,
    );
    const out = JSON.parse(run.stdout) as Record<string, unknown> & {
      results: Record<string, unknown>[];
    };
    expect(Object.keys(out).slice(0, 3)).toEqual(['query', 'ms', 'results']);
    expect(out.query).toBe('speculative decoding draft model');
    expect(typeof out.ms).toBe('number');
    expect(out.results).toHaveLength(3);
    for (const result of out.results) {
      expect(result).toMatchObject({
        id: expect.stringMatching(/^\w{8}$/),
        title: expect.any(String),
        score: expect.any(Number),
        snippet: expect.any(String),
      });
    }
    expect(String(out.results[0]!.title)).toMatch(/Speculative Decoding/i);
  });

  it('GIVEN - THEN each stdin line gets one JSON line, in order, including blank and hostile ones', async () => {
    const input = 'long context evaluation\n\n"NEAR(( AND\nreward hacking length\n';
    const run = await cli(['search', '-', '--limit', '2'], env, input);
    const lines = run.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { query: string; results: unknown[]; message?: string });
    expect(lines.map((l) => l.query)).toEqual([
      'long context evaluation',
      '',
      '"NEAR(( AND',
      'reward hacking length',
    ]);
    expect(lines[0]!.results).toHaveLength(2);
    expect(lines[1]!.message).toMatch(/Type a few words/);
  });

  it('GIVEN stdin lines holding a bare carriage return, and CRLF endings THEN still one JSON line per line', async () => {
    const input = 'long context\revaluation\r\nreward hacking\r\n\nno newline at the end';
    const run = await cli(['search', '-', '--limit', '1'], env, input);
    const queries = run.stdout
      .trimEnd()
      .split('\n')
      .map((l) => (JSON.parse(l) as { query: string }).query);
    expect(queries).toEqual([
      'long context\revaluation',
      'reward hacking',
      '',
      'no newline at the end',
    ]);
  });

  it('GIVEN a query over 500 characters THEN it is not searched: a message, no results, the query echoed in part', async () => {
    const huge = 'reward '.repeat(600_000);
    const single = await cli(['search', huge, '--json'], env);
    const out = JSON.parse(single.stdout) as { query: string; results: unknown[]; message: string };
    expect(out.results).toEqual([]);
    expect(out.message).toBe(
      `Queries can be at most 500 characters; yours has ${huge.trim().length}. Shorten it and search again.`,
    );
    expect(out.query).toBe(`${huge.slice(0, 500)}…`);
    const plain = await cli(['search', huge], env);
    expect(plain.stdout).toMatch(/^Queries can be at most 500 characters/);
    const lines = await cli(
      ['search', '-'],
      env,
      `${'x'.repeat(501)}\n${'reward model '.repeat(50).slice(0, 500)}\n`,
    );
    const messages = lines.stdout
      .trimEnd()
      .split('\n')
      .map((l) => (JSON.parse(l) as { message?: string }).message);
    expect(messages).toEqual([expect.stringMatching(/yours has 501/), undefined]);
  });

  it('GIVEN a bad --limit THEN a usage message and exit code 2', async () => {
    const run = await cli(['search', 'x', '--limit', 'lots'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/must be a whole number from 1 to 100/);
  });

  it('GIVEN a malformed setting THEN one line names it', async () => {
    const run = await cli(['search', 'x'], { ...env, HF_BASE_URL: 'not a url', LOG_LEVEL: 'loud' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^Setting HF_BASE_URL: .+\nSetting LOG_LEVEL: .+\n$/);
  });
});

describe('paperbot paper', () => {
  it('GIVEN an id from search THEN the paper is shown in full', async () => {
    const found = JSON.parse((await cli(['search', 'WildBench', '--json'], env)).stdout) as {
      results: { id: string }[];
    };
    const run = await cli(['paper', found.results[0]!.id], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^WildBench: Benchmarking LLMs/);
    expect(run.stdout).toContain('authors      9');
    expect(run.stdout).toContain('1,024 tasks');
  });

  it('GIVEN a title in other words case THEN it is found', async () => {
    const run = await cli(['paper', 'wildbench:', 'benchmarking', 'llms'], env);
    expect(run.stdout).toMatch(/^WildBench/);
  });

  it('GIVEN an unknown id THEN it says so, with nearby titles when there are any', async () => {
    const run = await cli(['paper', 'zzzzzzzz'], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/No paper with the id or title "zzzzzzzz"/);
    const near = await cli(['paper', 'reward model length bias'], env);
    expect(near.stderr).toMatch(/Did you mean:\n {2}\w{8} {2}/);
  });
});

describe('paperbot ingest', () => {
  it('GIVEN the bundled pages twice THEN the counts are printed and the second run says nothing changed', async () => {
    const first = await cli(['ingest'], env);
    expect(first.stdout).toMatch(/new 251 · updated 0 · unchanged 0 · skipped 0/);
    const second = await cli(['ingest'], env);
    expect(second.stdout).toMatch(
      /new 0 · updated 0 · unchanged 251 · skipped 0\nNothing changed\./,
    );
  });

  it('GIVEN a broken page THEN its good papers land and each skipped entry has a reason', async () => {
    const page = join(dir, 'broken.txt');
    const abstract =
      'This abstract is long enough to be read as prose. It says what the paper does and how well it works in practice.';
    writeFileSync(page, `new\r\n\r\nA Good Paper\r\n\r\n${abstract}\r\n\r\nLonely Title\r\n\r\n`);
    const run = await cli(['ingest', page], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/new 1 · updated 0 · unchanged 0 · skipped 1/);
    expect(run.stdout).toMatch(
      /broken\.txt:7: title with no abstract \(page ends here\) — "Lonely Title"/,
    );
    expect(run.stdout).toMatch(/The library holds 252 papers/);
  });
});
