import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/open-database.js';
import { createRelevance } from '../../src/search/relevance.js';
import { papersOnTopic } from '../../src/search/topic-filter.js';
import { ingest, NOW, paper } from '../support/library.js';

/**
 * FTS5 drops a `rowid = ?` constraint whose value is a REAL, and a JavaScript number
 * binds as one; `rowid IN (?)` with one value becomes `rowid = ?`. These filters must
 * keep to the rows they are given however many there are.
 */
let db: Db;
let rowids: number[];
beforeAll(() => {
  db = openDatabase(':memory:').db;
  ingest(
    db,
    ['Speculative decoding', 'Greedy decoding', 'Beam decoding', 'Decoding music'].map((title) =>
      paper(title, `${title} for long context models, with decoding experiments.`),
    ),
    { now: NOW },
  );
  rowids = db.prepare<[], number>('SELECT rowid FROM papers ORDER BY rowid').pluck().all();
});

describe('filters on a few rows of the full-text index', () => {
  it('GIVEN one row THEN coverage is computed for that row alone', () => {
    const [first] = rowids;
    const coverage = createRelevance(db).cover(['decoding', 'long'], [first!]);
    expect([...coverage.keys()]).toEqual([first]);
    expect(coverage.get(first!)!.matched).toEqual(['decoding', 'long']);
  });

  it('GIVEN two rows THEN only those two are covered', () => {
    const coverage = createRelevance(db).cover(['decoding'], rowids.slice(1, 3));
    expect([...coverage.keys()].sort()).toEqual(rowids.slice(1, 3).sort());
  });

  it('GIVEN one row on the topic THEN only that row is on it, not every matching paper', () => {
    expect([...papersOnTopic(db, 'long context decoding', [rowids[2]!])]).toEqual([rowids[2]]);
    expect([...papersOnTopic(db, 'music', [rowids[0]!])]).toEqual([]);
  });
});
