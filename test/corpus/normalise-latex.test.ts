import { describe, expect, it } from 'vitest';
import { normaliseLatex } from '../../src/corpus/normalise-latex.js';

// Each case is a phrase from the bundled pages (data/pages/), as the page wrote it.
describe('LaTeX residue in abstracts', () => {
  it.each([
    [
      'an escaped percent',
      'Medusa-1 with 88.7\\% fewer additional',
      'Medusa-1 with 88.7% fewer additional',
    ],
    [
      'a percent in brackets',
      'set-point deviation (<2\\%), three times',
      'set-point deviation (<2%), three times',
    ],
    ['\\leq without its backslash', 'prompts of kleq 10 tokens', 'prompts of k ≤ 10 tokens'],
    [
      '\\geq without its backslash',
      'pruned LLMs even at geq 50% sparsity',
      'pruned LLMs even at ≥ 50% sparsity',
    ],
    [
      '\\times without its backslash',
      'achieves speedups up to 1.68times on Spec-Bench',
      'achieves speedups up to 1.68× on Spec-Bench',
    ],
    [
      '\\times glued to a whole number',
      'even at 16times the training token length',
      'even at 16× the training token length',
    ],
    [
      "the idiom \\'a la",
      "baseline \\'a la Math-Shepherd using",
      'baseline à la Math-Shepherd using',
    ],
    [
      'an accent in braces',
      "[Gawrychowski and Uzna\\'{n}ski, ICALP 2018",
      '[Gawrychowski and Uznański, ICALP 2018',
    ],
    ['an umlaut', 'text na\\"ively compressed', 'text naïvely compressed'],
    ['an umlaut mid-word', 'recover the Schr\\"odinger bridge', 'recover the Schrödinger bridge'],
    [
      '\\textless',
      'requires \\textless2MB of additional storage',
      'requires <2MB of additional storage',
    ],
    [
      'a \\url glued to a sentence and a tie',
      'documents.~Working in progress.\\url{https://github.com/wbbeyourself/SCM4LLMs}',
      'documents. Working in progress. https://github.com/wbbeyourself/SCM4LLMs',
    ],
  ])('GIVEN %s THEN it reads as meant', (_, written, meant) => {
    expect(normaliseLatex(written)).toBe(meant);
  });

  it.each([
    ['"times" as a word', 'SAFE is more than 20 times cheaper than human annotators'],
    ['"times" between numbers', 'After fine-tuning 512 times 512 Stable Diffusion'],
    ['a tilde meaning "about"', 'on a set of ~16k individual facts'],
    ['an unknown macro', 'Specifically, \\ourMethod-trained models can'],
    [
      'words with "eq" in them',
      'the more times a sentence is repeated in the context, the more frequently',
    ],
    ['maths with ^ and _', 'Regularized Relevance Reward (R^3) and G_{stack}'],
  ])('GIVEN %s THEN it is left as written', (_, text) => {
    expect(normaliseLatex(text)).toBe(text);
  });
});
