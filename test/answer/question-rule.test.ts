import { describe, expect, it } from 'vitest';
import { checkQuestion, MAX_QUESTION_CHARS, queryTooLong } from '../../src/answer/question-rule.js';

describe('what can be asked', () => {
  it('GIVEN words THEN the question, trimmed', () => {
    expect(checkQuestion('  what is RLHF?\n')).toEqual({ ok: true, question: 'what is RLHF?' });
  });

  it('GIVEN nothing but spaces THEN a request for words', () => {
    expect(checkQuestion(' \t\n')).toEqual({
      ok: false,
      message: 'Ask a question about the papers, in a few words.',
    });
  });

  it(`GIVEN exactly ${MAX_QUESTION_CHARS} characters THEN it is taken; one more THEN refused with both counts`, () => {
    expect(checkQuestion('a'.repeat(MAX_QUESTION_CHARS)).ok).toBe(true);
    expect(checkQuestion(` ${'a'.repeat(MAX_QUESTION_CHARS)} `).ok).toBe(true);
    expect(checkQuestion('a'.repeat(MAX_QUESTION_CHARS + 1))).toEqual({
      ok: false,
      message: `Questions can be at most ${MAX_QUESTION_CHARS} characters; yours has ${MAX_QUESTION_CHARS + 1}. Shorten it and ask again.`,
    });
  });

  it(`GIVEN a search query of ${MAX_QUESTION_CHARS} characters THEN it is taken; one more THEN refused with both counts`, () => {
    expect(queryTooLong(` ${'a'.repeat(MAX_QUESTION_CHARS)} `)).toBeUndefined();
    expect(queryTooLong('a'.repeat(MAX_QUESTION_CHARS + 1))).toBe(
      `Queries can be at most ${MAX_QUESTION_CHARS} characters; yours has ${MAX_QUESTION_CHARS + 1}. Shorten it and search again.`,
    );
  });
});
