import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { realChatQuestions, wordCount } from '../../src/bench/real-questions.js';
import { tempDir } from '../support/library.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((fn) => fn()));

const words = (n: number, word = 'attention') => Array.from({ length: n }, () => word).join(' ');

describe("the bench's real chat-length questions", () => {
  it('GIVEN development sets of questions and of objects with one THEN the 15–40-word ones, each once, in file order', () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    writeFileSync(
      join(dir, 'dev-a.json'),
      JSON.stringify([{ question: words(15), gold: ['x'] }, { question: words(14) }]),
    );
    writeFileSync(
      join(dir, 'dev-b.json'),
      JSON.stringify([words(40, 'reward'), words(41), words(15)]),
    );
    writeFileSync(join(dir, 'floors.json'), JSON.stringify({ not: 'questions' }));
    expect(realChatQuestions(dir)).toEqual([words(15), words(40, 'reward')]);
  });

  it("GIVEN the project's own sets THEN there are hundreds, all 15–40 words", () => {
    const questions = realChatQuestions();
    expect(questions.length).toBeGreaterThan(300);
    expect(questions.every((q) => wordCount(q) >= 15 && wordCount(q) <= 40)).toBe(true);
  });
});
