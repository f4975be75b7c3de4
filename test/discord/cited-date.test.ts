import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/answer-question.js';
import { formatAnswer } from '../../src/discord/format-answer.js';

const answer: Answer = {
  question: 'q',
  status: 'answered',
  text: 'Two papers [1] [2].',
  citations: [
    {
      n: 1,
      id: 'abcd2345',
      title: 'Inferred',
      date: '2025-06-18',
      yearInferred: true,
      link: 'https://arxiv.org/abs/2506.00001',
    },
    {
      n: 2,
      id: 'efgh6789',
      title: 'Written',
      date: '2024-04-05',
      link: 'https://arxiv.org/abs/2404.00001',
    },
  ],
  nearest: [],
  model: 'extractive',
  timings: { searchMs: 1, modelMs: 1, totalMs: 2 },
};

describe('cited dates in Discord', () => {
  it('GIVEN a source whose year was inferred THEN the embed says so; a written year is shown as it is', () => {
    const description = JSON.stringify(formatAnswer(answer).embeds);
    expect(description).toContain('(2025-06-18, year inferred)');
    expect(description).toContain('(2024-04-05)');
  });
});
