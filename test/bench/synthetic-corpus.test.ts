import { describe, expect, it } from 'vitest';
import { titleKey } from '../../src/corpus/paper.js';
import { createNamer } from '../../src/bench/coined-name.js';
import { benchQuestions, longBenchQuestions } from '../../src/bench/questions.js';
import { createSyntheticCorpus } from '../../src/bench/synthetic-corpus.js';
import { learnTextModel } from '../../src/bench/text-model.js';
import { PAGES_DIR } from '../support/library.js';

const model = learnTextModel(PAGES_DIR);
const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

describe('the bench corpus generator', () => {
  it('GIVEN the same seed THEN the same papers, in any order of generation', () => {
    const a = createSyntheticCorpus(model, 42);
    const b = createSyntheticCorpus(model, 42);
    const batch = [...a.papers(0, 50)];
    expect(batch).toEqual([...b.papers(0, 50)]);
    expect(b.paper(17)).toEqual(batch[17]);
  });

  it('GIVEN another seed THEN other papers', () => {
    const a = [...createSyntheticCorpus(model, 42).papers(0, 50)];
    const b = [...createSyntheticCorpus(model, 43).papers(0, 50)];
    for (let i = 0; i < 50; i++) {
      expect(b[i]!.abstract).not.toBe(a[i]!.abstract);
      expect(b[i]!.title).not.toBe(a[i]!.title);
    }
  });

  it('GIVEN thousands of papers THEN no two titles name the same paper for the library', () => {
    const corpus = createSyntheticCorpus(model, 7);
    const keys = new Set([...corpus.papers(0, 5_000)].map((p) => titleKey(p.title)));
    // Far apart indexes too, where the coined names get longer.
    for (const index of [342_999, 343_000, 343_001, 999_999])
      keys.add(titleKey(corpus.paper(index).title));
    expect(keys.size).toBe(5_004);
  });

  it('GIVEN any two papers THEN their coined names differ, even past the three-syllable range', () => {
    const name = createNamer(7);
    const rng = () => 0; // the plain style: "Kavelo"
    const names = new Set<string>();
    for (let i = 0; i < 120_000; i++) names.add(name(i, rng).toLowerCase());
    for (let i = 340_000; i < 350_000; i++) names.add(name(i, rng).toLowerCase());
    expect(names.size).toBe(130_000);
  });

  it('GIVEN many papers THEN abstracts are as long as the real ones (about 150–350 words)', () => {
    const lengths = [...createSyntheticCorpus(model, 7).papers(0, 1_000)].map((p) =>
      words(p.abstract),
    );
    lengths.sort((a, b) => a - b);
    expect(lengths[0]).toBeGreaterThanOrEqual(120);
    expect(lengths[lengths.length - 1]).toBeLessThanOrEqual(400);
    expect(lengths[500]).toBeGreaterThanOrEqual(180);
    expect(lengths[500]).toBeLessThanOrEqual(280);
  });

  it('GIVEN many papers THEN common words are in most abstracts and topical ones in a few', () => {
    const papers = [...createSyntheticCorpus(model, 7).papers(0, 1_000)];
    const share = (word: string) =>
      papers.filter((p) => new RegExp(`\\b${word}\\b`, 'i').test(p.abstract)).length /
      papers.length;
    expect(share('models')).toBeGreaterThan(0.6);
    expect(share('language')).toBeGreaterThan(0.5);
    // In the real pages: about 29% and 2%. Papers that drift off their topic push these up.
    expect(share('context')).toBeGreaterThan(0.15);
    expect(share('context')).toBeLessThan(0.45);
    expect(share('diffusion')).toBeLessThan(0.1);
  });
});

describe('the bench questions', () => {
  const corpus = createSyntheticCorpus(model, 42);

  it('GIVEN a seed THEN the same questions, each of 5–15 words', () => {
    const questions = benchQuestions(corpus, 42, 10_000, 200);
    expect(questions).toHaveLength(200);
    expect(questions).toEqual(benchQuestions(corpus, 42, 10_000, 200));
    for (const question of questions) {
      expect(words(question)).toBeGreaterThanOrEqual(5);
      expect(words(question)).toBeLessThanOrEqual(15);
    }
    expect(new Set(questions).size).toBeGreaterThan(190);
  });

  it('GIVEN another seed THEN other questions', () => {
    expect(benchQuestions(corpus, 43, 10_000, 50)).not.toEqual(
      benchQuestions(corpus, 42, 10_000, 50),
    );
  });

  it('GIVEN a seed THEN the same chat-length questions, each of 15–40 words, about one paper', () => {
    const questions = longBenchQuestions(corpus, 42, 10_000, 100);
    expect(questions).toHaveLength(100);
    expect(questions).toEqual(longBenchQuestions(corpus, 42, 10_000, 100));
    for (const question of questions) {
      expect(words(question)).toBeGreaterThanOrEqual(15);
      expect(words(question)).toBeLessThanOrEqual(40);
    }
    expect(new Set(questions).size).toBeGreaterThan(95);
    expect(longBenchQuestions(corpus, 43, 10_000, 20)).not.toEqual(
      longBenchQuestions(corpus, 42, 10_000, 20),
    );
  });
});
