import { describe, expect, it } from 'vitest';
import { fusedPartsText } from '../../src/bench/report.js';

/** 20 values: the p50 (nearest rank) is the 10th smallest, the p95 the 19th. */
const twenty = (p50: number, p95: number) => [
  ...Array.from({ length: 9 }, () => 1),
  p50,
  ...Array.from({ length: 8 }, () => p50),
  p95,
  900,
];

describe('the bench line on where a search by words and meaning spends its time', () => {
  it('GIVEN the parts timed on the real questions THEN each part shows its p50 / p95, the encoder alone first', () => {
    const text = fusedPartsText({
      encoderAloneMs: twenty(21.4, 38),
      wordsMs: twenty(9.2, 17.5),
      vectorReadyMs: twenty(24, 44),
      nearestMs: twenty(6.5, 11),
    });
    expect(text).toBe(
      'encoder alone 21 ms / 38 ms; in the search: words 9.2 ms / 18 ms; vector ready 24 ms / 44 ms; nearest 6.5 ms / 11 ms',
    );
  });
});
