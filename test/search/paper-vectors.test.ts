import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/open-database.js';
import { createPaperVectors } from '../../src/search/paper-vectors.js';
import { ingest, NOW, paper, tempDir } from '../support/library.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((fn) => fn()));

/** A library of `count` papers; their rowids. */
function library(db: Db, count: number): number[] {
  ingest(
    db,
    Array.from({ length: count }, (_, i) => paper(`Paper number ${i}`, `Abstract ${i}.`)),
    { now: NOW },
  );
  return db.prepare<[], number>('SELECT rowid FROM papers ORDER BY rowid').pluck().all();
}

/** A seeded random vector of `dims` values in [-0.5, 0.5) (mulberry32: the same every run). */
function vector(seed: number, dims = 48): Float32Array {
  let a = seed;
  return Float32Array.from({ length: dims }, () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32 - 0.5;
  });
}

/** What the exact scan of every stored vector says: cosines of the int8 vectors, best first. */
function exactNearest(db: Db, query: Float32Array, k: number) {
  const norm = Math.hypot(...query);
  const q = Int8Array.from(query, (x) => Math.round((x / norm) * 127));
  return db
    .prepare<[], [number, Buffer]>('SELECT paper_rowid, vector FROM paper_vectors')
    .raw()
    .all()
    .map(([rowid, blob]) => {
      const v = new Int8Array(blob.buffer, blob.byteOffset, blob.length);
      return { rowid, cosine: v.reduce((s, x, i) => s + x * q[i]!, 0) / (127 * 127) };
    })
    .sort((a, b) => b.cosine - a.cosine || a.rowid - b.rowid)
    .slice(0, k);
}

describe('paper vectors: nearest by meaning', () => {
  it('GIVEN a shortlist as large as the library THEN nearest is the exact int8 scan, scores and order included', () => {
    const { db } = openDatabase(':memory:');
    const rowids = library(db, 300);
    const vectors = createPaperVectors(db, 'm', { shortlist: 300 });
    vectors.put(rowids.map((rowid) => ({ rowid, vector: vector(rowid) })));
    for (const seed of [1001, 1002, 1003]) {
      const { top, cosines } = vectors.nearest(vector(seed), 20);
      expect(top).toEqual(exactNearest(db, vector(seed), 20));
      // Cosines for the top and for the papers asked about, not for the whole shortlist.
      expect([...cosines.keys()].sort((a, b) => a - b)).toEqual(
        top.map((t) => t.rowid).sort((a, b) => a - b),
      );
    }
    const asked = vectors.nearest(vector(1001), 3, [rowids[0]!]);
    expect(asked.cosines.size).toBe(asked.top.some((t) => t.rowid === rowids[0]) ? 3 : 4);
  });

  it('GIVEN codes read by a first search WHEN put adds a vector and replaces another THEN the next search finds the new one and scores the replaced one by its new vector', () => {
    const { db } = openDatabase(':memory:');
    const rowids = library(db, 200);
    const vectors = createPaperVectors(db, 'm', { shortlist: 20 });
    const [late, changed] = [rowids[150]!, rowids[7]!];
    vectors.put(
      rowids.filter((r) => r !== late).map((rowid) => ({ rowid, vector: vector(rowid) })),
    );
    const target = vector(5000);
    expect(vectors.nearest(target, 5).top.map((t) => t.rowid)).not.toContain(late);
    expect(vectors.heldBytes()).toBeGreaterThan(0);
    vectors.put([
      { rowid: late, vector: target },
      { rowid: changed, vector: vector(6000) },
    ]);
    const after = vectors.nearest(target, 5, [changed]);
    expect(after.top[0]).toEqual({ rowid: late, cosine: expect.closeTo(1, 1) as number });
    expect(vectors.nearest(vector(6000), 1).top[0]!.rowid).toBe(changed);
    expect(after.cosines.get(changed)).toBeCloseTo(exactCosine(vector(6000), target), 2);
  });

  it('GIVEN a model searched before it had any vector WHEN its first vectors are put THEN the next search finds them', () => {
    const { db } = openDatabase(':memory:');
    const rowids = library(db, 20);
    const vectors = createPaperVectors(db, 'm');
    expect(vectors.nearest(vector(1), 3).top).toEqual([]);
    vectors.put(rowids.map((rowid) => ({ rowid, vector: vector(rowid) })));
    expect(vectors.nearest(vector(rowids[3]!), 1).top[0]!.rowid).toBe(rowids[3]);
  });

  it('GIVEN another connection adds vectors to the library file THEN the next search reads them too', () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const path = join(dir, 'library.db');
    const { db } = openDatabase(path);
    cleanups.push(() => db.close());
    const rowids = library(db, 50);
    const vectors = createPaperVectors(db, 'm');
    vectors.put(rowids.slice(0, 40).map((rowid) => ({ rowid, vector: vector(rowid) })));
    expect(vectors.nearest(vector(rowids[45]!), 1).top[0]!.rowid).not.toBe(rowids[45]);
    const other = openDatabase(path).db;
    createPaperVectors(other, 'm').put(
      rowids.slice(40).map((rowid) => ({ rowid, vector: vector(rowid) })),
    );
    other.close();
    expect(vectors.nearest(vector(rowids[45]!), 1).top[0]!.rowid).toBe(rowids[45]);
  });

  it('GIVEN more vectors than one batch of codes (10,000) THEN nearest is still the exact scan', () => {
    const { db } = openDatabase(':memory:');
    const rowids = library(db, 10_050);
    const vectors = createPaperVectors(db, 'm', { shortlist: 10_050 });
    vectors.put(rowids.map((rowid) => ({ rowid, vector: vector(rowid, 8) })));
    const query = vector(77_777, 8);
    expect(vectors.nearest(query, 10).top).toEqual(exactNearest(db, query, 10));
  });

  it('GIVEN two papers as near the question as each other THEN lower rowid first, whichever the signs put forward first', () => {
    const { db } = openDatabase(':memory:');
    const [, low, high] = library(db, 3) as [number, number, number];
    const vectors = createPaperVectors(db, 'm', { shortlist: 3 });
    const along = (sign: number) => Float32Array.from({ length: 48 }, (_, i) => (i ? sign / 2 : 1));
    const query = Float32Array.from({ length: 48 }, (_, i) => (i ? 0 : 1));
    // The same cosine with the question; the later paper's signs are the question's.
    vectors.put([
      { rowid: low, vector: along(-1) },
      { rowid: high, vector: along(1) },
    ]);
    const { top } = vectors.nearest(query, 2);
    expect(top[0]!.cosine).toBe(top[1]!.cosine);
    expect(top.map((t) => t.rowid)).toEqual([low, high]);
  });

  it('GIVEN a vector of other dimensions stored under the model (it changed under its name) THEN it is never scored against the question', () => {
    const { db } = openDatabase(':memory:');
    const rowids = library(db, 10);
    const vectors = createPaperVectors(db, 'm');
    vectors.put(rowids.map((rowid) => ({ rowid, vector: vector(rowid) })));
    vectors.nearest(vector(1), 3);
    vectors.put([{ rowid: rowids[0]!, vector: vector(1, 12) }]);
    const found = vectors.nearest(vector(1), 10, [rowids[0]!]);
    expect(found.top.map((t) => t.rowid)).not.toContain(rowids[0]);
    expect(found.cosines.has(rowids[0]!)).toBe(false);
  });

  it('GIVEN searches WHEN nothing changed, this connection put vectors, or another one added papers only THEN the stored vectors are read once; WHEN another one added vectors THEN again', () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const path = join(dir, 'library.db');
    const { db } = openDatabase(path);
    cleanups.push(() => db.close());
    const rowids = library(db, 30);
    const reads = { count: 0 };
    const vectors = createPaperVectors(countingVectorReads(db, reads), 'm');
    vectors.put(rowids.slice(0, 20).map((rowid) => ({ rowid, vector: vector(rowid) })));
    vectors.nearest(vector(1), 3);
    vectors.nearest(vector(2), 3);
    expect(reads.count).toBe(1);
    vectors.put([{ rowid: rowids[20]!, vector: vector(rowids[20]!) }]);
    expect(vectors.nearest(vector(rowids[20]!), 1).top[0]!.rowid).toBe(rowids[20]);
    expect(reads.count).toBe(1);
    const other = openDatabase(path).db;
    ingest(other, [paper('A later paper', 'Written by another process.')], { now: NOW });
    vectors.nearest(vector(3), 3);
    expect(reads.count).toBe(1);
    createPaperVectors(other, 'm').put([{ rowid: rowids[25]!, vector: vector(rowids[25]!) }]);
    other.close();
    expect(vectors.nearest(vector(rowids[25]!), 1).top[0]!.rowid).toBe(rowids[25]);
    expect(reads.count).toBe(2);
  });

  it('GIVEN a question vector of other dimensions than the stored ones THEN no papers, no error', () => {
    const { db } = openDatabase(':memory:');
    const rowids = library(db, 10);
    const vectors = createPaperVectors(db, 'm');
    vectors.put(rowids.map((rowid) => ({ rowid, vector: vector(rowid) })));
    expect(vectors.nearest(vector(1, 12), 5)).toEqual({ top: [], cosines: new Map() });
    expect(createPaperVectors(db, 'no vectors').nearest(vector(1), 5).top).toEqual([]);
  });
});

function exactCosine(a: Float32Array, b: Float32Array): number {
  const q = (v: Float32Array) => {
    const norm = Math.hypot(...v);
    return Int8Array.from(v, (x) => Math.round((x / norm) * 127));
  };
  const [x, y] = [q(a), q(b)];
  return x.reduce((s, v, i) => s + v * y[i]!, 0) / (127 * 127);
}

/**
 * The library connection, counting the reads of every stored vector (the statement that
 * loads the sign codes); everything else passes through.
 */
function countingVectorReads(db: Db, reads: { count: number }): Db {
  const pass = <T extends object>(target: T, wrap: (key: PropertyKey, value: unknown) => unknown) =>
    new Proxy(target, {
      get(t, key) {
        const value: unknown = Reflect.get(t, key);
        const wrapped = wrap(key, value);
        return typeof wrapped === 'function' && wrapped === value ? wrapped.bind(t) : wrapped;
      },
    });
  return pass(db, (key, value) => {
    if (key !== 'prepare') return value;
    return (sql: string) => {
      const statement = db.prepare(sql);
      if (!/ORDER BY paper_rowid/.test(sql)) return statement;
      const counted = pass(statement, (k, v) =>
        k === 'iterate'
          ? (...args: unknown[]) => {
              reads.count++;
              return (v as (...a: unknown[]) => unknown).apply(statement, args);
            }
          : k === 'raw'
            ? () => (statement.raw(), counted)
            : v,
      );
      return counted;
    };
  });
}
