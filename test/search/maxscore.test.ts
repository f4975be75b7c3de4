import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchQuestions } from '../../src/bench/questions.js';
import type { Db } from '../../src/db/open-database.js';
import { buildFtsQuery } from '../../src/search/query-builder.js';
import { createSearch, type Search, type SearchResponse } from '../../src/search/search-papers.js';
import { SEGMENTED_PAPERS, segmentedLibrary } from '../support/segmented-library.js';

/**
 * Ranking equivalence: on a generated library spread over many FTS5 segments, with rows
 * re-indexed after an update (so segments overlap and carry deletions), the MaxScore path
 * returns exactly FTS5's exhaustive bm25() top k wherever it answers.
 */
let db: Db;
let fast: Search;
let exhaustive: Search;
let questions: string[];

beforeAll(() => {
  const library = segmentedLibrary();
  db = library.db;
  // BM25 alone (no surface re-ranking of its pool): the guarantee is about BM25's top k.
  fast = createSearch(db, { rerankPool: 0 });
  exhaustive = createSearch(db, { fastPath: false, rerankPool: 0 });
  questions = benchQuestions(library.corpus, 7, SEGMENTED_PAPERS, 150);
});
afterAll(() => db.close());

/** Same rows in the same order, scores equal; rows with equal scores may swap. */
function expectSameRanking(a: SearchResponse, b: SearchResponse): void {
  expect(a.hits.map((h) => h.score)).toEqual(b.hits.map((h) => h.score));
  const key = (r: SearchResponse) => r.hits.map((h) => `${h.score}:${h.rowid}`).sort();
  expect(key(a)).toEqual(key(b));
}

describe('MaxScore over the FTS5 doclists', () => {
  it('GIVEN 150 typed questions THEN every top 10 is exactly the exhaustive BM25 top 10', () => {
    let viaMaxScore = 0;
    for (const question of questions) {
      const a = fast.search(question, { limit: 10 });
      const b = exhaustive.search(question, { limit: 10 });
      expect(b.ranking).toBe('exhaustive');
      expectSameRanking(a, b);
      if (a.ranking === 'maxscore') viaMaxScore++;
    }
    expect(viaMaxScore).toBe(questions.length);
  });

  it('GIVEN the hits of 150 questions THEN each snippet is the one the library table gives', () => {
    const own = db
      .prepare<[string, bigint], string>(
        `SELECT snippet(papers_fts, 1, '**', '**', '…', 40) FROM papers_fts
          WHERE papers_fts MATCH ? AND rowid = ?`,
      )
      .pluck();
    let compared = 0;
    let bolded = 0;
    for (const question of [...questions, 'reward "model" NEAR', 'ÉTÉ café naïve reward']) {
      const built = buildFtsQuery(question);
      if (!built.ok) continue;
      for (const hit of fast.search(question, { limit: 10 }).hits) {
        expect(hit.snippet).toBe(own.get(built.match, BigInt(hit.rowid)));
        compared++;
        if (hit.snippet.includes('**')) bolded++;
      }
    }
    expect(compared).toBeGreaterThan(1000);
    expect(bolded).toBeGreaterThan(compared / 2);
  });

  it('GIVEN other list lengths (1, 3, 50, 100) THEN the ranking still matches', () => {
    for (const limit of [1, 3, 50, 100]) {
      for (const question of questions.slice(0, 25)) {
        expectSameRanking(fast.search(question, { limit }), exhaustive.search(question, { limit }));
      }
    }
  });

  it('GIVEN the questions THEN both ways of finishing are exercised: closing early and counting the last candidates in their text', () => {
    // Counting from text is chosen when it is cheaper than decoding; at this library size
    // that is rare, so one search is told that counting costs little.
    const eager = createSearch(db, { rescoreCost: 1, rerankPool: 0 });
    let rescored = 0;
    for (const question of questions) {
      const a = eager.search(question, { limit: 10 });
      expectSameRanking(a, exhaustive.search(question, { limit: 10 }));
      if (a.trace!.rescored.length > 0) rescored++;
    }
    expect(rescored).toBeGreaterThan(questions.length / 2);
    const traces = questions.map((q) => fast.search(q, { limit: 10 }).trace!);
    expect(traces.some((t) => t.rescored.length === 0)).toBe(true);
    // Pruning works: on average far fewer candidates than rows.
    const mean = traces.reduce((n, t) => n + t.candidates, 0) / traces.length;
    expect(mean).toBeLessThan(SEGMENTED_PAPERS);
  });

  it('GIVEN a prefix word THEN FTS5 ranks it exhaustively (the fallback) and the answer is the same', () => {
    const a = fast.search('quantiz* reward models', { limit: 10 });
    expect(a.ranking).toBe('exhaustive');
    expectSameRanking(a, exhaustive.search('quantiz* reward models', { limit: 10 }));
  });

  it('GIVEN hostile text THEN the fast path neither errors nor disagrees', () => {
    const hostile = [
      '"NEAR(( AND',
      'model) OR (reward',
      'ÉTÉ café naïve über',
      'モデル 言語 🤖 reward',
      'a '.repeat(3_000) + 'reward',
      "model's don't l'apprentissage",
      'x'.repeat(70) + ' context',
      '\u0000\u0007 context \u202e window',
    ];
    for (const text of hostile) {
      const a = fast.search(text, { limit: 10 });
      expectSameRanking(a, exhaustive.search(text, { limit: 10 }));
    }
  });

  it('GIVEN words no paper has THEN nothing comes back, on both paths', () => {
    const a = fast.search('zyzzyva quokkas', { limit: 10 });
    expect(a.hits).toEqual([]);
    expect(exhaustive.search('zyzzyva quokkas', { limit: 10 }).hits).toEqual([]);
  });
});
