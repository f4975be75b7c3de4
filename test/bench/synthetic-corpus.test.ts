import { describe, expect, it } from 'vitest';
import { benchQuestions } from '../../src/bench/questions.js';
import { learnTextModel, syntheticPaper } from '../../src/bench/synthetic-corpus.js';
import { PAGES_DIR } from '../support/library.js';

const model = learnTextModel(PAGES_DIR);

describe('the bench corpus generator', () => {
  it('GIVEN the same seed THEN the same papers; another seed THEN other papers', () => {
    expect(syntheticPaper(model, 42, 17)).toEqual(syntheticPaper(model, 42, 17));
    expect(syntheticPaper(model, 43, 17).abstract).not.toBe(syntheticPaper(model, 42, 17).abstract);
  });

  it('GIVEN many papers THEN titles are unique and abstracts are as long as real ones', () => {
    const papers = Array.from({ length: 500 }, (_, i) => syntheticPaper(model, 7, i));
    expect(new Set(papers.map((p) => p.title)).size).toBe(500);
    const words = papers.map((p) => p.abstract.split(' ').length).sort((a, b) => a - b);
    expect(words[250]).toBeGreaterThan(100);
    expect(words[250]).toBeLessThan(400);
  });

  it('GIVEN a question set THEN it is seeded and every question has 5–15 words', () => {
    const questions = benchQuestions(model, 42, 10_000, 100);
    expect(questions).toEqual(benchQuestions(model, 42, 10_000, 100));
    for (const q of questions) {
      const n = q.split(' ').length;
      expect(n).toBeGreaterThanOrEqual(5);
      expect(n).toBeLessThanOrEqual(15);
    }
  });
});
