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

  it('GIVEN any ASCII title THEN its key is the one the Unicode definition gives', () => {
    // The definition, spelled out: the ASCII fast path must agree with it everywhere.
    const byDefinition = (title: string) =>
      title
        .normalize('NFKD')
        .replace(/\p{M}+/gu, '')
        .toLowerCase()
        .replace(/[^\p{L}\p{N}]+/gu, ' ')
        .trim();
    const ascii = Array.from({ length: 128 }, (_, code) => String.fromCharCode(code));
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const titles = [ascii.join(''), ' Émile ', 'Ünïcode Tïtle: Ω-Nets'];
    for (let i = 0; i < 2000; i++) {
      titles.push(Array.from({ length: 1 + (next() % 40) }, () => ascii[next() % 128]).join(''));
    }
    for (const title of titles) expect(titleKey(title)).toBe(byDefinition(title));
  });

  it('GIVEN different titles THEN ids are 8 easy-to-type characters and differ', () => {
    const ids = ['A', 'B', 'Long Context', 'Long Contexts'].map((t) => paperId(t));
    expect(new Set(ids).size).toBe(4);
    for (const id of ids) expect(id).toMatch(/^[0-9a-hjkmnp-tv-z]{8}$/);
  });
});
