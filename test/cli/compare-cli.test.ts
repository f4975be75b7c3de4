import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareOffline } from '../../src/answer/compare-offline.js';
import { renderComparison } from '../../src/cli/compare-command.js';
import { paperLink } from '../../src/corpus/paper-link.js';
import { startFakeOpenAi, type FakeOpenAiServer } from '../support/fake-openai-server.js';
import { tempDir } from '../support/library.js';
import { cli } from '../support/run-cli.js';

const WILDBENCH = '7znd0yns';
const RULER =
  'Ruler: A Model-Agnostic Method to Control Generated Length for Large Language Models';

let env: Record<string, string>;
let cleanup: () => void;
beforeAll(async () => {
  let dir: string;
  ({ dir, cleanup } = tempDir());
  env = { DB_PATH: join(dir, 'paperbot.db') };
  await cli(['search', 'warm up'], env); // builds the library once for the file
});
afterAll(() => cleanup());

describe('paperbot compare', () => {
  it('GIVEN an id and a title on an 80-column terminal THEN a two-column table, every line within 80, each cell cited', async () => {
    const run = await cli(['compare', WILDBENCH, RULER], env, '', { columns: 80 });
    expect(run.code).toBe(0);
    // A long link is a terminal hyperlink: its address takes no columns.
    const ESC = '\u001b';
    const shown = run.stdout.replace(new RegExp(`${ESC}\\]8;;[^${ESC}]*${ESC}\\\\`, 'g'), '');
    expect(shown).toMatch(/^ {4}arXiv search for this title$/m);
    const lines = shown.trimEnd().split('\n');
    expect(lines[0]).toBe('Two papers compared');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    expect(run.stdout).toMatch(/^\[1\] WildBench: [^[]+ · 7znd0yns$/m);
    expect(run.stdout).toMatch(/^\[2\] Ruler: A Model-Agnostic/m);
    for (const label of ['What it does', 'Data', 'Headline result']) {
      const at = lines.indexOf(label);
      expect(at).toBeGreaterThan(0);
      const body = lines.slice(at + 1, lines.indexOf('', at));
      // Every line splits at the same column into [1]'s text and [2]'s.
      expect(body.length).toBeGreaterThan(0);
      expect(body.filter((l) => l[39] !== '│')).toEqual([]);
      const left = body.map((l) => l.slice(0, 38)).join(' ');
      const right = body.map((l) => l.slice(41)).join(' ');
      expect(left).toMatch(/\[1\]/);
      expect(right).toMatch(/\[2\]/);
    }
    expect(lines.at(-1)).toBe('Drawn from the abstracts, offline.');
    expect(lines[lines.indexOf('How they differ') + 1]).toMatch(/^WildBench \[1\] centres on /);
  });

  it('GIVEN --json and an aspect THEN papers, aspect, rows, difference and model, as the README documents', async () => {
    const run = await cli(
      [
        'compare',
        paperLink({ title: RULER, arxivId: null }),
        WILDBENCH,
        '--aspect',
        'data',
        '--json',
      ],
      env,
    );
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['papers', 'aspect', 'rows', 'difference', 'model']);
    expect(out.papers).toEqual([
      { n: 1, id: 's5bw3cq8', title: RULER, link: paperLink({ title: RULER, arxivId: null }) },
      { n: 2, id: WILDBENCH, title: expect.stringMatching(/^WildBench/), link: expect.any(String) },
    ]);
    expect(out.aspect).toBe('data');
    const rows = out.rows as { row: string; label: string; first: string; second: string }[];
    expect(rows.map((r) => [r.row, r.label])).toEqual([
      ['aspect', 'On data'],
      ['does', 'What it does'],
      ['data', 'Data'],
      ['result', 'Headline result'],
    ]);
    for (const r of rows) {
      expect(r.first).toContain('[1]');
      expect(r.second).toContain('[2]');
    }
    expect(rows[2]!.first).toBe('Ruler [1]: the abstract names no data set.');
    expect(out.difference).toMatch(/^Ruler \[1\] centres on .+; WildBench \[2\] on /);
    expect(out.model).toBe('extractive');
  });

  it('GIVEN an unknown title THEN exit 1 with the nearest titles (JSON: found false)', async () => {
    const run = await cli(['compare', WILDBENCH, 'speculative decodingzz'], env);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /^No paper with the id or title "speculative decodingzz"\.\nDid you mean:\n {2}\w{8} {2}/,
    );
    const json = await cli(['compare', 'zzzz qqqq', WILDBENCH, '--json'], env);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ query: 'zzzz qqqq', found: false });
  });

  it('GIVEN the same paper twice, an empty paper or an aspect with no word THEN exit 2 with a clear line', async () => {
    const same = await cli(['compare', WILDBENCH, 'wildbench: benchmarking llms'], env);
    expect(same.code).toBe(2);
    expect(same.stderr).toMatch(/^Pick two different papers: both are “WildBench/);
    const empty = await cli(['compare', WILDBENCH, ' '], env);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/^Give two papers \(ids, links or titles\)/);
    const aspect = await cli(['compare', WILDBENCH, RULER, '--aspect', '...'], env);
    expect(aspect.code).toBe(2);
    expect(aspect.stderr).toMatch(/The aspect "\.\.\." has no word to look for/);
    expect(aspect.stdout).toBe('');
  });
});

describe('renderComparison', () => {
  it('GIVEN a word longer than a column THEN it is cut into pieces and no line passes the width', () => {
    const long = (id: string, word: string) => ({
      id,
      title: 'T',
      arxivId: null,
      abstract: `We propose ${word}, and we evaluate on a benchmark.`,
    });
    const text = renderComparison(
      {
        ...compareOffline(long('aaaaaaaa', 'x'.repeat(60)), long('bbbbbbbb', 'y'.repeat(60))),
        model: 'extractive',
      },
      40,
    );
    const body = text.split('\n').filter((l) => l.includes(' │ '));
    for (const line of body) expect(line.length).toBeLessThanOrEqual(40);
    expect(body.some((l) => /^x{18} │ y{18}$/.test(l))).toBe(true);
  });
});

describe('paperbot compare with a model server', () => {
  let server: FakeOpenAiServer;
  beforeAll(async () => {
    server = await startFakeOpenAi([
      { kind: 'answer', pieces: ['WildBench [1] evaluates; ', 'Ruler [2] controls length.'] },
      { kind: 'status', status: 401 },
    ]);
  });
  afterAll(() => server.close());

  it('GIVEN a model that answers, then one that refuses THEN its sentence, then the offline one with the notice', async () => {
    const withModel = { ...env, OPENAI_BASE_URL: server.url, LLM_MODEL: 'stand-in' };
    const ok = await cli(['compare', WILDBENCH, RULER, '--json'], withModel);
    expect(JSON.parse(ok.stdout)).toMatchObject({
      difference: 'WildBench [1] evaluates; Ruler [2] controls length.',
      model: 'openai:stand-in',
    });
    const refused = await cli(['compare', WILDBENCH, RULER], withModel);
    expect(refused.code).toBe(0);
    expect(refused.stdout).toMatch(/\nHow they differ\nWildBench \[1\] centres on /);
    expect(refused.stdout).toMatch(
      /\nThe language model was unavailable \([\s\S]+\), so the closing sentence is\s+drawn\s+from\s+the\s+abstracts\.\n$/,
    );
  });
});
