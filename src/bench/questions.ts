import { STOP_WORDS } from '../search/stop-words.js';
import { createRng, itemSeed } from './rng.js';
import { syntheticPaper, type TextModel } from './synthetic-corpus.js';

const TEMPLATES = [
  (w: string[]) => `how do ${w.join(' ')} work`,
  (w: string[]) => `any papers on ${w.slice(0, -1).join(' ')} and ${w.at(-1)}?`,
  (w: string[]) => `what is known about ${w.join(' ')} in language models`,
  (w: string[]) => `is there work on ${w.join(' ')}`,
  (w: string[]) => `${w.join(' ')} results`,
  (w: string[]) => `find me something about ${w.join(' ')} for large models`,
  (w: string[]) => `which methods improve ${w.join(' ')} and why`,
  (w: string[]) => `can we use ${w.join(' ')} to make models better at long inputs`,
];

/**
 * Questions the way people type them (5–15 words): a few content words taken from
 * one synthetic paper's abstract, wrapped in everyday phrasing and stop-words.
 */
export function benchQuestions(model: TextModel, seed: number, librarySize: number, count: number): string[] {
  const rng = createRng(itemSeed(seed ^ 0x51ed, count));
  const questions: string[] = [];
  while (questions.length < count) {
    const paper = syntheticPaper(model, seed, Math.floor(rng() * librarySize));
    const words = [...new Set(paper.abstract.toLowerCase().match(/[a-z][a-z-]{4,}/g) ?? [])].filter(
      (w) => !STOP_WORDS.has(w) && !w.endsWith('ly'),
    );
    if (words.length < 6) continue;
    const take = 2 + Math.floor(rng() * 4);
    const chosen: string[] = [];
    while (chosen.length < take) {
      const word = words[Math.floor(rng() * words.length)]!;
      if (!chosen.includes(word)) chosen.push(word);
    }
    const template = TEMPLATES[Math.floor(rng() * TEMPLATES.length)]!;
    const question = template(chosen).replace(/\s+/g, ' ').trim();
    const length = question.split(' ').length;
    if (length >= 5 && length <= 15) questions.push(question);
  }
  return questions;
}
