import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../support/library.js';
import { cli } from '../support/run-cli.js';

let env: Record<string, string>;
let cleanup: () => void;
beforeEach(() => {
  const t = tempDir();
  cleanup = t.cleanup;
  env = { DB_PATH: join(t.dir, 'paperbot.db') };
});
afterEach(() => cleanup());

interface AskJson {
  question: string;
  status: string;
  answer: string;
  citations: { n: number; id: string; title: string }[];
}

describe('paperbot ask', () => {
  it('GIVEN --json THEN it prints the contract with numbered citations to real papers', async () => {
    const run = await cli(
      ['ask', 'how can language models write outputs longer than 10,000 words?', '--json'],
      env,
    );
    const out = JSON.parse(run.stdout) as AskJson;
    expect(Object.keys(out).slice(0, 4)).toEqual(['question', 'status', 'answer', 'citations']);
    expect(out.status).toBe('answered');
    expect(out.citations.map((c) => c.n)).toEqual(out.citations.map((_, i) => i + 1));
    for (const c of out.citations)
      expect(c).toMatchObject({ id: expect.stringMatching(/^\w{8}$/), title: expect.any(String) });
    // Every [n] in the text names a listed citation, and every citation is used.
    const used = new Set([...out.answer.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])));
    expect([...used].sort()).toEqual(out.citations.map((c) => c.n));
  });

  it('GIVEN a topic the library lacks THEN status not_found and no citations, the nearest titles listed after the answer', async () => {
    const out = JSON.parse(
      (await cli(['ask', 'coral reef bleaching monitoring', '--json'], env)).stdout,
    ) as AskJson & { nearest: { id: string; title: string }[] };
    expect(out).toMatchObject({ status: 'not_found', citations: [] });
    expect(out.nearest.length).toBeGreaterThan(0);
    expect(out.answer).toBe(
      `The library has nothing on this. The nearest titles it has:\n${out.nearest.map((n) => `• ${n.title}`).join('\n')}`,
    );
    const plain = await cli(['ask', 'coral reef bleaching monitoring'], env);
    expect(plain.stdout).toBe(`${out.answer}\n`);
  });

  it('GIVEN - THEN one JSON line per stdin question, in order, rejected ones included', async () => {
    const long = 'why '.repeat(150);
    const run = await cli(
      ['ask', '-'],
      env,
      `speculative decoding with a draft model\n\n${long}\n`,
    );
    const lines = run.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as AskJson);
    expect(lines.map((l) => l.status)).toEqual(['answered', 'rejected', 'rejected']);
    expect(lines[2]!.answer).toMatch(/at most 500 characters/);
  });

  it('GIVEN stdin lines holding a bare carriage return, and CRLF endings THEN still one JSON line per line', async () => {
    const run = await cli(
      ['ask', '-'],
      env,
      'speculative decoding\rwith a draft model\r\n\r\nlast one',
    );
    const lines = run.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as AskJson);
    expect(lines.map((l) => l.question)).toEqual([
      'speculative decoding\rwith a draft model',
      '',
      'last one',
    ]);
  });

  it('GIVEN plain output THEN the answer is followed by its numbered sources with links', async () => {
    const run = await cli(['ask', 'speculative', 'decoding', 'with', 'a', 'draft', 'model'], env);
    expect(run.code).toBe(0);
    // The answer cites (an [n] in its last sentence, which may name the paper mid-sentence).
    expect(run.stdout).toMatch(
      /\[\d+\][^\n]*\n\nSources\n\[1\] .+ · \w{8}\n {4}https:\/\/arxiv\.org\//,
    );
  });
});

describe('paperbot chat', () => {
  it('GIVEN two questions and /quit THEN each gets an answer with sources, and it ends cleanly', async () => {
    const run = await cli(
      ['chat'],
      env,
      'length bias of automatic evaluators\nand how is it corrected?\n/quit\nnever asked\n',
    );
    expect(run.code).toBe(0);
    expect(run.stdout.match(/^you › /gm)).toHaveLength(2);
    expect(run.stdout.match(/^bot › /gm)).toHaveLength(2);
    expect(run.stdout.match(/^Sources$/gm)?.length).toBeGreaterThanOrEqual(1);
    expect(run.stdout).not.toContain('never asked');
  });

  it('GIVEN "[2] …" after an answer citing three papers THEN the follow-up is answered from paper 2 alone, listed again by the same id', async () => {
    const run = await cli(
      ['chat'],
      env,
      'Which papers speed up speculative decoding?\n[2] how do they draft tokens?\n',
    );
    expect(run.code).toBe(0);
    const sources = run.stdout
      .split(/^Sources$/m)
      .slice(1)
      .map((block) => [...block.matchAll(/^\[(\d+)\] .* · (\w{8})$/gm)].map((m) => [m[1], m[2]]));
    expect(sources).toHaveLength(2);
    expect(sources[0]!.length).toBeGreaterThanOrEqual(3);
    expect(sources[1]).toEqual([['1', sources[0]![1]![1]]]);
  });
});

describe('cited dates', () => {
  it('GIVEN a cited paper whose page gave no year THEN its citation says the year was inferred, in JSON and in text', async () => {
    const question = 'how does AutoRule extract rules from preference feedback';
    const out = JSON.parse((await cli(['ask', question, '--json'], env)).stdout) as AskJson & {
      citations: { title: string; date: string; yearInferred?: boolean }[];
    };
    const autoRule = out.citations.find((c) => c.title.startsWith('AutoRule'));
    expect(autoRule).toMatchObject({ date: '2025-06-18', yearInferred: true });
    const text = await cli(['ask', question], env);
    expect(text.stdout).toMatch(/\] AutoRule: .*\(2025-06-18, year inferred\) · \w{8}\n/);
  });
});
