import { describe, expect, it } from 'vitest';
import { retrievalMetrics } from '../../src/eval/retrieval-metrics.js';

const top = (...titles: string[]) => titles;

describe('retrieval figures of a development set', () => {
  it('GIVEN questions naming several papers THEN recall@10 is the mean share of their gold papers in the top 10', () => {
    const filler = Array.from({ length: 9 }, (_, i) => `Filler ${i}`);
    const figures = retrievalMetrics([
      // Both named papers found: 1.
      { ranked: top('A', 'x', 'B'), gold: ['A', 'B'] },
      // One of three found (in any case or punctuation): 1/3.
      { ranked: top('c!', 'y'), gold: ['C', 'D', 'E'] },
      // The second paper is 11th, outside the top 10: 1/2.
      { ranked: ['F', ...filler, 'G'], gold: ['F', 'G'] },
      // A single-paper question does not count towards recall.
      { ranked: top('z'), gold: ['H'] },
    ]);
    expect(figures.multiGold).toBe(3);
    expect(figures.recallAt10).toBeCloseTo((1 + 1 / 3 + 1 / 2) / 3, 10);
    expect(figures.hitAt1).toBe(3 / 4);
  });

  it('GIVEN only single-paper questions THEN no recall@10 is reported', () => {
    const figures = retrievalMetrics([{ ranked: top('A'), gold: ['A'] }]);
    expect(figures.recallAt10).toBeUndefined();
    expect(figures.multiGold).toBe(0);
  });
});
