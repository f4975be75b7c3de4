import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/open-database.js';
import { createRelevance, type Relevance } from '../../src/search/relevance.js';
import { ingest, paper } from '../support/library.js';

/**
 * How much of a question a paper covers: each query term weighs its idf, so a word few
 * papers have counts for more than one most papers have (src/search/README.md).
 */
const NOW = new Date('2026-03-10T06:00:00Z');
let db: Db;
let relevance: Relevance;
const rowid: Record<string, number> = {};
/** The idf relevance.ts and BM25 give a term found in `df` of `n` papers. */
const idf = (n: number, df: number) => Math.log(1 + (n - df + 0.5) / (df + 0.5));
const N = 6;

beforeAll(() => {
  ({ db } = openDatabase(':memory:'));
  ingest(
    db,
    [
      paper('Zebrafish Kernels', 'Zebrafish kernels in a transformer.'),
      paper('Transformer Pruning', 'Pruning a transformer.'),
      paper('Transformer Distillation', 'Distillation of a transformer.'),
      paper('Transformer Quantization', 'Quantization of a transformer.'),
      paper('Graph Walks', 'Random walks on graphs.'),
      paper('Sparse Codes', 'Sparse codes for images.'),
    ],
    { now: NOW },
  );
  for (const r of db
    .prepare<[], { rowid: number; title: string }>('SELECT rowid, title FROM papers')
    .all())
    rowid[r.title] = r.rowid;
  relevance = createRelevance(db);
});

describe('relevance: how much of a question a paper covers', () => {
  it('GIVEN a paper with every term THEN it covers all of the question and lists the terms in query order', () => {
    const got = relevance.cover(['zebrafish', 'transformer'], [rowid['Zebrafish Kernels']!]);
    const entry = got.get(rowid['Zebrafish Kernels']!)!;
    expect(entry.coverage).toBeCloseTo(1, 10);
    expect(entry.matched).toEqual(['zebrafish', 'transformer']);
  });

  it('GIVEN a rare term and a common one THEN the paper with the rare one covers more, each its idf share, and a paper with neither covers nothing', () => {
    const ids = ['Zebrafish Kernels', 'Transformer Pruning', 'Graph Walks'].map((t) => rowid[t]!);
    const got = relevance.cover(['kernels', 'pruning', 'transformer'], ids);
    const total = idf(N, 1) + idf(N, 1) + idf(N, 4);
    const kernels = got.get(ids[0]!)!;
    const pruning = got.get(ids[1]!)!;
    expect(kernels.coverage).toBeCloseTo((idf(N, 1) + idf(N, 4)) / total, 10);
    expect(pruning.coverage).toBeCloseTo((idf(N, 1) + idf(N, 4)) / total, 10);
    const onlyCommon = relevance.cover(['zebrafish', 'transformer'], [ids[1]!]).get(ids[1]!)!;
    expect(onlyCommon.coverage).toBeCloseTo(idf(N, 4) / (idf(N, 1) + idf(N, 4)), 10);
    expect(onlyCommon.coverage).toBeLessThan(0.5);
    expect(got.get(ids[2]!)).toEqual({ coverage: 0, evidence: 0, matched: [] });
  });

  it("GIVEN matched terms THEN evidence counts them in units of a term no paper has, whatever the question's other words", () => {
    const unit = Math.log(1 + (N + 0.5) / 0.5);
    const id = rowid['Zebrafish Kernels']!;
    const one = relevance.cover(['zebrafish'], [id]).get(id)!;
    const padded = relevance
      .cover(['zebrafish', 'graphs', 'sparse', 'unheardofword'], [id])
      .get(id)!;
    expect(one.evidence).toBeCloseTo(idf(N, 1) / unit, 10);
    expect(padded.evidence).toBeCloseTo(one.evidence, 10);
    expect(padded.coverage).toBeLessThan(one.coverage);
  });

  it('GIVEN no terms or no papers THEN every paper asked about covers nothing', () => {
    const id = rowid['Graph Walks']!;
    expect(relevance.cover([], [id])).toEqual(
      new Map([[id, { coverage: 0, evidence: 0, matched: [] }]]),
    );
    expect(relevance.cover(['graphs'], [])).toEqual(new Map());
  });

  it('GIVEN terms THEN the unmatched ones are those no paper contains, stemmed as the index stems', () => {
    expect(relevance.unmatched(['zebrafishes', 'walk', 'unheardofword', 'kernel'])).toEqual([
      'unheardofword',
    ]);
    expect(relevance.unmatched([])).toEqual([]);
  });
});
