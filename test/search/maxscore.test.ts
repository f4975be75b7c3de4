import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledPagesDir } from '../../src/app/project-paths.js';
import { benchQuestions } from '../../src/bench/questions.js';
import { createSyntheticCorpus } from '../../src/bench/synthetic-corpus.js';
import { learnTextModel } from '../../src/bench/text-model.js';
import { ingestPapers } from '../../src/corpus/ingest.js';
import { openDatabase, type Db } from '../../src/db/open-database.js';
import { Fts5FormatError, openFts5Index } from '../../src/search/fts5-index.js';
import { buildFtsQuery } from '../../src/search/query-builder.js';
import { createSearch, type Search, type SearchResponse } from '../../src/search/search-papers.js';
import { NOW } from '../support/library.js';

/**
 * Ranking equivalence: on a generated library spread over many FTS5 segments, with rows
 * re-indexed after an update (so segments overlap and carry deletions), the MaxScore path
 * returns exactly FTS5's exhaustive bm25() top k wherever it answers.
 */
const PAPERS = 4_000;
const BATCH = 400;

let db: Db;
let fast: Search;
let exhaustive: Search;
let questions: string[];

beforeAll(() => {
  db = openDatabase(':memory:').db;
  const corpus = createSyntheticCorpus(learnTextModel(bundledPagesDir()), 7);
  for (let from = 0; from < PAPERS; from += BATCH) {
    ingestPapers(db, corpus.papers(from, from + BATCH), { now: NOW });
  }
  // Every 7th paper comes back with a longer abstract: FTS5 writes a deletion for the old
  // text and a new entry, in a newer segment than the original.
  const grown = [...corpus.papers(0, PAPERS)]
    .filter((_, i) => i % 7 === 0)
    .map((paper) => ({
      ...paper,
      abstract: `${paper.abstract} Further results on retrieval and reward models.`,
    }));
  ingestPapers(db, grown, { now: NOW });
  fast = createSearch(db);
  exhaustive = createSearch(db, { fastPath: false });
  questions = benchQuestions(corpus, 7, PAPERS, 150);
});
afterAll(() => db.close());

/** Same rows in the same order, scores equal; rows with equal scores may swap. */
function expectSameRanking(a: SearchResponse, b: SearchResponse): void {
  expect(a.hits.map((h) => h.score)).toEqual(b.hits.map((h) => h.score));
  const key = (r: SearchResponse) => r.hits.map((h) => `${h.score}:${h.rowid}`).sort();
  expect(key(a)).toEqual(key(b));
}

describe('MaxScore over the FTS5 doclists', () => {
  it('GIVEN the library is spread over several segments, some with deletions THEN the test covers that', () => {
    const structure = db
      .prepare('SELECT count(DISTINCT segid) FROM papers_fts_idx')
      .pluck()
      .get() as number;
    expect(structure).toBeGreaterThan(1);
    const index = openFts5Index(db, 'papers_fts', 2);
    // "reward" was appended to re-indexed rows: its doclist merges across segments.
    index.version();
    const reward = index.postings('reward', [1, 1]);
    const viaFts = db
      .prepare(`SELECT count(*) FROM papers_fts WHERE papers_fts MATCH '"reward"'`)
      .pluck()
      .get();
    expect(reward.length).toBe(viaFts);
    expect(index.stats('reward').docs).toBe(viaFts);
  });

  it('GIVEN a doclist kept from stats() WHEN the index changes before postings() THEN postings() reads it again', () => {
    const small = openDatabase(':memory:').db;
    try {
      const paper = (title: string) => ({ title, abstract: 'On glowworms.', source: 't' });
      ingestPapers(small, [paper('First Lantern')], { now: NOW });
      const index = openFts5Index(small, 'papers_fts', 2);
      index.version();
      expect(index.stats('glowworm').docs).toBe(1);
      ingestPapers(small, [paper('Second Lantern')], { now: NOW });
      index.version();
      const list = index.postings('glowworm', [1, 1]);
      expect([...list.rowids.subarray(0, list.length)].sort()).toEqual([1, 2]);
      // And unchanged, the kept doclist gives what reading it afresh gives.
      expect(index.stats('lantern').docs).toBe(2);
      const kept = index.postings('lantern', [8, 1]);
      const keptRows = [...kept.rowids.subarray(0, kept.length)];
      const keptFreqs = [...kept.freqs.subarray(0, kept.length)];
      const fresh = index.postings('lantern', [8, 1]);
      expect([...fresh.rowids.subarray(0, fresh.length)]).toEqual(keptRows);
      expect([...fresh.freqs.subarray(0, fresh.length)]).toEqual(keptFreqs);
      expect(keptFreqs).toEqual([8, 8]);
    } finally {
      small.close();
    }
  });

  it('GIVEN every term in the index THEN the reader counts the rows holding it as FTS5 does', () => {
    db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.v USING fts5vocab(main, papers_fts, 'row')`);
    const vocab = db.prepare('SELECT term, doc FROM temp.v').raw().all() as [string, number][];
    expect(vocab.length).toBeGreaterThan(1_000);
    const index = openFts5Index(db, 'papers_fts', 2);
    index.version();
    const wrong = vocab.filter(([term, docs]) => index.stats(term).docs !== docs);
    expect(wrong).toEqual([]);
    // And the postings themselves: as many rows, each once.
    for (const [term, docs] of vocab.filter((_, i) => i % 10 === 0)) {
      const list = index.postings(term, [1, 1]);
      expect(new Set(list.rowids.subarray(0, list.length)).size).toBe(docs);
    }
  });

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
    const eager = createSearch(db, { rescoreCost: 1 });
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
    expect(mean).toBeLessThan(PAPERS);
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

  it('GIVEN rows with and without gaps between rowids THEN every row length is the one %_docsize holds', () => {
    const perRow = (of: Db, table: string) => {
      const lengths = new Map<number, number>();
      const rows = of.prepare(`SELECT id, sz FROM ${table}_docsize`).raw().all() as [
        number,
        Buffer,
      ][];
      for (const [id, sz] of rows) {
        let total = 0;
        let value = 0;
        for (const byte of sz) {
          value = value * 128 + (byte & 0x7f);
          if ((byte & 0x80) === 0) {
            total += value;
            value = 0;
          }
        }
        lengths.set(id, total);
      }
      return lengths;
    };
    const check = (of: Db, table: string, columns: number) => {
      const index = openFts5Index(of, table, columns);
      index.version();
      const lengths = index.docLengths();
      const expected = perRow(of, table);
      expect(expected.size).toBeGreaterThan(0);
      for (const [id, total] of expected) expect(lengths[id]).toBe(total);
      expect(lengths.reduce((n, x) => n + (x > 0 ? 1 : 0), 0)).toBe(
        [...expected.values()].filter((x) => x > 0).length,
      );
    };
    check(db, 'papers_fts', 2);
    const other = openDatabase(':memory:').db;
    other.exec(`CREATE VIRTUAL TABLE t USING fts5(a, b)`);
    const add = other.prepare('INSERT INTO t (rowid, a, b) VALUES (?, ?, ?)');
    for (const id of [3, 4, 9, 200, 201, 70_000])
      add.run(id, 'alpha beta', 'gamma '.repeat(id % 300));
    other.prepare('DELETE FROM t WHERE rowid = 200').run();
    check(other, 't', 2);
    other.close();
  });

  it('GIVEN an index layout the reader does not know (contentless_delete) THEN it refuses instead of guessing', () => {
    const other = openDatabase(':memory:').db;
    other.exec(`CREATE VIRTUAL TABLE t USING fts5(a, b, content='', contentless_delete=1)`);
    other.prepare('INSERT INTO t (rowid, a, b) VALUES (1, ?, ?)').run('alpha', 'beta');
    expect(() => openFts5Index(other, 't', 2).postings('alpha', [1, 1])).toThrow(Fts5FormatError);
    other.close();
  });
});
