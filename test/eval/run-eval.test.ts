import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/answer-question.js';
import type { SearchResponse } from '../../src/search/search-papers.js';
import { evaluateAbsent, evaluateAnswerable } from '../../src/eval/run-eval.js';

const answer = (question: string, titles: string[]): Answer => ({
  question,
  status: titles.length ? 'answered' : 'not_found',
  text: titles.map((_, i) => `[${i + 1}]`).join(' '),
  citations: titles.map((title, i) => ({ n: i + 1, id: title, title, date: null, link: '' })),
  nearest: [],
  model: 'scripted',
  timings: { searchMs: 0, modelMs: 0, totalMs: 0 },
});

/** A retriever and an answerer reading from tables: question → ranked titles / cited titles. */
function scripted(ranked: Record<string, string[]>, cited: Record<string, string[]>) {
  const retrieve = async (query: string): Promise<SearchResponse> =>
    ({
      query,
      terms: [],
      total: 0,
      tookMs: 0,
      hits: (ranked[query] ?? []).map((title, i) => ({ title, rowid: i + 1 })),
    }) as unknown as SearchResponse;
  const ask = async (question: string) => answer(question, cited[question] ?? []);
  return { retrieve, ask };
}

describe('the answerable figures', () => {
  it('GIVEN answers THEN the share citing a gold paper, the share of gold papers cited, and the other papers cited per answer', async () => {
    const deps = scripted(
      { one: ['A', 'X'], two: ['X', 'B', 'C'], three: ['D'], four: ['Y'] },
      // one: its gold and two others; two: one of its two gold papers; three: nothing found;
      // four: only a wrong paper.
      { one: ['A', 'X', 'Z'], two: ['B'], three: [], four: ['Y'] },
    );
    const report = await evaluateAnswerable(deps, {
      name: 'set',
      questions: [
        { question: 'one', gold: ['A'] },
        { question: 'two', gold: ['B', 'C'] },
        { question: 'three', gold: ['D'] },
        { question: 'four', gold: ['E'] },
      ],
    });
    expect(report.figures.citesGold).toBe(2 / 4);
    // 1 + 1/2 + 0 + 0 over four questions.
    expect(report.figures.goldCited).toBe(1.5 / 4);
    // Answered: one (X, Z), two (none), four (Y): 3 papers outside the gold in 3 answers.
    expect(report.figures.otherCitations).toBe(1);
    expect(report.figures.falseNotFound).toBe(1 / 4);
    // Ranked first: one (A) and three (D); in the top 5: two (B second) as well.
    expect(report.figures.hitAt1).toBe(2 / 4);
    expect(report.figures.hitAt5).toBe(3 / 4);
    expect(report.counts).toMatchObject({ citesGold: 2, falseNotFound: 1 });
  });

  it('GIVEN nothing answered THEN no paper is cited outside the gold (not a division by zero)', async () => {
    const deps = scripted({}, {});
    const report = await evaluateAnswerable(deps, {
      name: 'set',
      questions: [{ question: 'q', gold: ['A'] }],
    });
    expect(report.figures.otherCitations).toBe(0);
    expect(report.figures.falseNotFound).toBe(1);
    expect(report.misses).toHaveLength(1);
  });
});

describe('the absent-topic figure', () => {
  it('GIVEN absent-topic questions THEN the share refused, and the answered ones listed as misses', async () => {
    const { ask } = scripted({}, { answered: ['P'] });
    const report = await evaluateAbsent(
      { ask },
      { name: 'abs', questions: ['refused', 'answered'] },
    );
    expect(report.figures.notFound).toBe(0.5);
    expect(report.misses.join('\n')).toContain('answered');
    expect(report.misses.join('\n')).toContain('P');
  });
});
