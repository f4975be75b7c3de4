import { describe, expect, it } from 'vitest';
import type { EngineResult } from '../../src/bench/engine-run.js';
import { renderTargets } from '../../src/bench/targets.js';

const base: EngineResult = {
  engine: 'paperbot',
  papers: 200_000,
  ingestSeconds: 1,
  ingestRate: 1,
  generateSeconds: 1,
  sizeBytes: 1,
  sizeNote: '',
  baselineRssBytes: 1,
  peakRssBytes: 1,
  latenciesMs: [1],
  top: [],
};
/** 20 latencies: the p95 (nearest rank) is the 19th smallest. */
const twenty = (p95: number) => [...Array.from({ length: 18 }, () => 1), p95, 500];
const rowOf = (table: string, start: string) =>
  table.split('\n').find((line) => line.startsWith(`| ${start}`));

describe('the bench table of issue 17 targets', () => {
  it('GIVEN real questions under 15 ms and the exact top 10 THEN the lexical rows say met, with the p95 measured', () => {
    const table = renderTargets({
      ...base,
      real: { latenciesMs: twenty(14.2), exhaustiveMs: [], agreement: 1 },
    });
    expect(rowOf(table, 'words, real 15–40-word questions, p95')).toBe(
      '| words, real 15–40-word questions, p95 | 14.2 ms | ≤ 15 ms | met |',
    );
    expect(rowOf(table, 'words, real 15–40-word questions, top 10')).toContain(
      '| 100.0% | 100% | met |',
    );
  });

  it('GIVEN fused searches slower than 30 ms at p95 THEN their rows say NOT met; a kind not measured says so', () => {
    const table = renderTargets({
      ...base,
      real: { latenciesMs: twenty(16), exhaustiveMs: [], agreement: 0.99 },
      vectors: {
        embedMsPerPaper: 80,
        fusedMs: twenty(29),
        fusedLongMs: [],
        fusedRealMs: twenty(41.5),
        heldBytes: 0,
        vectorCount: 0,
        agreement: { recall: 1, fusedTop10: 1, questions: 1 },
      },
    });
    expect(rowOf(table, 'words, real 15–40-word questions, p95')).toContain(
      '| 16.0 ms | ≤ 15 ms | NOT met |',
    );
    expect(rowOf(table, 'words, real 15–40-word questions, top 10')).toContain(
      '| 99.0% | 100% | NOT met |',
    );
    expect(rowOf(table, 'words + meaning, short')).toContain('| 29.0 ms | ≤ 30 ms | met |');
    expect(rowOf(table, 'words + meaning, real')).toContain('| 41.5 ms | ≤ 30 ms | NOT met |');
    expect(rowOf(renderTargets(base), 'words + meaning, real')).toContain(
      '| not measured | ≤ 30 ms | – |',
    );
  });
});
