import { describe, expect, it } from 'vitest';
import { SignCodes } from '../../src/search/sign-codes.js';
import { createSignScan } from '../../src/search/sign-scan-wasm.js';

/** Seeded uniform numbers in [0, 1) (mulberry32), so every run sees the same vectors. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Unit vectors of random directions, int8 as the library stores them. */
function randomVectors(count: number, dims: number, seed: number): Int8Array[] {
  const next = rng(seed);
  return Array.from({ length: count }, () => {
    const v = Array.from({ length: dims }, () => next() - 0.5);
    const norm = Math.hypot(...v);
    return Int8Array.from(v, (x) => Math.round((x / norm) * 127));
  });
}

function dot(a: Int8Array, b: Int8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

describe('the WebAssembly sign scan', () => {
  it('GIVEN codes and a query in bit planes THEN each code gets Σ 2^l · popcount((code ⊕ signs) ∧ plane l), bit by bit', () => {
    const { memory, scan } = createSignScan();
    memory.grow(1);
    const next = rng(7);
    const chunks = 3;
    const planes = 3;
    const n = 40;
    const bytes = new Uint8Array(memory.buffer);
    const query = 0;
    const codes = (planes + 1) * chunks * 16;
    const out = codes + n * chunks * 16;
    for (let i = 0; i < out; i++) bytes[i] = Math.floor(next() * 256);
    scan(codes, n, chunks, query, planes, out);
    const got = new Uint32Array(memory.buffer, out, n);
    const popcount = (x: number) => [...x.toString(2)].filter((b) => b === '1').length;
    for (let r = 0; r < n; r++) {
      let expected = 0;
      for (let b = 0; b < chunks * 16; b++) {
        const differ = bytes[codes + r * chunks * 16 + b]! ^ bytes[query + b]!;
        for (let l = 0; l < planes; l++) {
          expected += popcount(differ & bytes[query + (l + 1) * chunks * 16 + b]!) << l;
        }
      }
      expect(got[r]).toBe(expected);
    }
  });
});

describe('sign codes', () => {
  it('GIVEN 20,000 random unit vectors (no structure to help) THEN the shortlist of 500 holds at least 95% of the exact 50 nearest', () => {
    const vectors = randomVectors(20_000, 512, 1);
    const codes = new SignCodes(512);
    codes.upsert(vectors.map((vector, i) => ({ rowid: i + 1, vector })));
    let found = 0;
    const queries = randomVectors(10, 512, 2);
    for (const query of queries) {
      const exact = vectors
        .map((v, i) => ({ rowid: i + 1, score: dot(query, v) }))
        .sort((a, b) => b.score - a.score)
        .slice(0, 50);
      const shortlist = new Set(codes.shortlist(query, 500));
      found += exact.filter((e) => shortlist.has(e.rowid)).length;
    }
    expect(found / (50 * queries.length)).toBeGreaterThanOrEqual(0.95);
  });

  it('GIVEN 20,000 random unit vectors THEN the default second look (a shortlist of 300 from 16 × as many by signs) holds at least 98% of the exact 10 nearest', () => {
    const vectors = randomVectors(20_000, 512, 3);
    const codes = new SignCodes(512);
    codes.upsert(vectors.map((vector, i) => ({ rowid: i + 1, vector })));
    let found = 0;
    const queries = randomVectors(10, 512, 4);
    for (const query of queries) {
      const exact = vectors
        .map((v, i) => ({ rowid: i + 1, score: dot(query, v) }))
        .sort((a, b) => b.score - a.score)
        .slice(0, 10);
      const shortlist = new Set(codes.shortlist(query, 300));
      found += exact.filter((e) => shortlist.has(e.rowid)).length;
    }
    expect(found / (10 * queries.length)).toBeGreaterThanOrEqual(0.98);
  });

  it('GIVEN codes added out of rowid order, then one replaced THEN the shortlist follows each change', () => {
    const [a, b, c] = randomVectors(3, 200, 3);
    const d = Int8Array.from(c!, (x) => -x);
    const codes = new SignCodes(200);
    codes.upsert([
      { rowid: 30, vector: a! },
      { rowid: 10, vector: b! },
    ]);
    codes.upsert([{ rowid: 20, vector: c! }]);
    expect(codes.count).toBe(3);
    expect(codes.shortlist(a!, 1)).toEqual([30]);
    expect(codes.shortlist(b!, 1)).toEqual([10]);
    expect(codes.shortlist(c!, 1)).toEqual([20]);
    expect(codes.shortlist(c!, 10).sort()).toEqual([10, 20, 30]);
    codes.upsert([{ rowid: 20, vector: d }]);
    expect(codes.count).toBe(3);
    expect(codes.shortlist(d, 1)).toEqual([20]);
    expect(codes.shortlist(c!, 1)).not.toEqual([20]);
  });

  it('GIVEN papers that tie in both looks, some scoring below zero THEN the shortlist is best first, ties in rowid order', () => {
    const [q] = randomVectors(1, 256, 9);
    const opposite = Int8Array.from(q!, (x) => -x);
    const codes = new SignCodes(256);
    // Rowids given out of order; the same vector three times over, twice the query's opposite.
    codes.upsert([
      { rowid: 41, vector: opposite },
      { rowid: 7, vector: q! },
      { rowid: 33, vector: q! },
      { rowid: 12, vector: opposite },
      { rowid: 19, vector: q! },
      ...randomVectors(40, 256, 10).map((vector, i) => ({ rowid: 100 + i, vector })),
    ]);
    // A second look over all 45 (5 × widen 9): the three copies first, in rowid order.
    expect(codes.shortlist(q!, 5, 9).slice(0, 3)).toEqual([7, 19, 33]);
    // All 45 looked at again, 44 kept: the two opposites tie for the lowest score (below
    // zero), so the higher rowid is the one left out and the lower comes last.
    const kept = codes.shortlist(q!, 44, 2);
    expect(kept.at(-1)).toBe(12);
    expect(kept).not.toContain(41);
  });

  it('GIVEN a vector of other dimensions or a query of other dimensions THEN it is left out, nothing breaks', () => {
    const [a] = randomVectors(1, 64, 4);
    const codes = new SignCodes(64);
    codes.upsert([
      { rowid: 1, vector: a! },
      { rowid: 2, vector: new Int8Array(32) },
    ]);
    expect(codes.count).toBe(1);
    expect(codes.shortlist(new Int8Array(32), 5)).toEqual([]);
  });
});
