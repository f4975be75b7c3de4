import { describe, expect, it } from 'vitest';
import { paperId, titleKey } from '../../src/corpus/paper.js';

describe('paper ids', () => {
  it('GIVEN a title THEN its id is the same on every machine and every run (pinned value)', () => {
    // Pinned: changing the id scheme would break every id users have saved or typed.
    expect(
      paperId('WildBench: Benchmarking LLMs with Challenging Tasks from Real Users in the Wild'),
    ).toBe('7znd0yns');
  });

  it('GIVEN the same title in another case, spacing or punctuation THEN the id is the same', () => {
    const id = paperId('Squeezed Attention: Accelerating Long Context Length LLM Inference');
    expect(paperId('squeezed attention — accelerating long-context length LLM inference')).toBe(id);
    expect(paperId('  SQUEEZED ATTENTION: Accelerating Long Context Length LLM Inference. ')).toBe(
      id,
    );
  });

  it('GIVEN accented and unaccented spellings THEN they share a title key', () => {
    expect(titleKey('Naïve Bayes Café')).toBe(titleKey('Naive Bayes Cafe'));
  });

  it('GIVEN different titles THEN ids are 8 easy-to-type characters and differ', () => {
    const ids = ['A', 'B', 'Long Context', 'Long Contexts'].map((t) => paperId(t));
    expect(new Set(ids).size).toBe(4);
    for (const id of ids) expect(id).toMatch(/^[0-9a-hjkmnp-tv-z]{8}$/);
  });
});
