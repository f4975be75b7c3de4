import { describe, expect, it } from 'vitest';
import type { Answer, AnswerOptions } from '../../src/answer/answer-question.js';
import { evaluateFollowUps } from '../../src/eval/follow-ups.js';

const answer = (question: string, ids: string[]): Answer => ({
  question,
  status: ids.length ? 'answered' : 'not_found',
  text: ids.map((_, i) => `[${i + 1}]`).join(' '),
  citations: ids.map((id, i) => ({ n: i + 1, id, title: id, date: null, link: '' })),
  nearest: [],
  model: 'scripted',
  timings: { searchMs: 0, modelMs: 0, totalMs: 0 },
});

/** Answers from a table: question → cited ids; records the history each follow-up got. */
function tableAsk(table: Record<string, string[]>) {
  const histories: AnswerOptions['history'][] = [];
  const ask = async (question: string, options?: AnswerOptions) => {
    if (options?.history) histories.push(options.history);
    return answer(question, table[question] ?? []);
  };
  return { ask, histories };
}

describe('the follow-up figure', () => {
  it('GIVEN referring follow-ups THEN right only when citing a paper they are about and nothing outside; a new subject only needs its paper', async () => {
    const { ask, histories } = tableAsk({
      first: ['a', 'b', 'c'],
      'the second?': ['b'],
      'they?': ['b', 'x'],
      'the third?': ['a'],
      'new subject': ['z', 'y'],
    });
    const report = await evaluateFollowUps(
      { ask },
      {
        name: 'set',
        conversations: [
          { first: 'first', followUp: 'the second?', about: ['b'], refers: true },
          { first: 'first', followUp: 'they?', about: ['a', 'b', 'c'], refers: true },
          { first: 'first', followUp: 'the third?', about: ['c'], refers: true },
          { first: 'first', followUp: 'new subject', about: ['y'], refers: false },
          { first: 'first', followUp: 'unanswered', about: ['y'], refers: false },
        ],
      },
    );
    expect(report.figures.followUpRight).toBeCloseTo(2 / 5);
    expect(report.counts.followUpRight).toBe(2);
    expect(report.misses).toHaveLength(3);
    expect(histories[0]).toEqual([
      { question: 'first', answer: '[1] [2] [3]', cited: ['a', 'b', 'c'] },
    ]);
  });
});
