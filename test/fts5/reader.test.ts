import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/open-database.js';
import { Fts5FormatError, openFts5Index } from '../../src/fts5/reader.js';
import { ingest, NOW } from '../support/library.js';
import { segmentedLibrary } from '../support/segmented-library.js';

/** The reader of FTS5's doclists, against what FTS5 itself answers. */
let db: Db;
beforeAll(() => {
  db = segmentedLibrary().db;
});
afterAll(() => db.close());

describe("the reader of FTS5's on-disk index", () => {
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
      ingest(small, [paper('First Lantern')], { now: NOW });
      const index = openFts5Index(small, 'papers_fts', 2);
      index.version();
      expect(index.stats('glowworm').docs).toBe(1);
      ingest(small, [paper('Second Lantern')], { now: NOW });
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
