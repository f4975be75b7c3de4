import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { bundledVectorFiles } from '../../src/app/project-paths.js';
import {
  loadVectorTable,
  quantize,
  vectorTable,
  VectorTableError,
} from '../../src/search/word-vectors.js';
import { tempDir } from '../support/library.js';

afterEach(() => vi.unstubAllGlobals());

describe('the bundled word vectors (data/vectors)', () => {
  it('GIVEN no network at all THEN the table loads from the project, every word with its 100 dimensions', () => {
    vi.stubGlobal('fetch', () => {
      throw new Error('the network is not to be used');
    });
    const files = bundledVectorFiles();
    const table = loadVectorTable(files.words, files.vectors, files.dimensions);
    expect(table.size).toBeGreaterThan(20_000);
    expect(table.dimensions).toBe(100);
    const row = (w: string) => table.indexOf(w)!;
    // Unit length (int8): a word's cosine with itself is about 1.
    expect(table.cosine(row('speed'), row('speed'))).toBeCloseTo(1, 1);
    expect(table.cosine(row('faster'), row('quicker'))).toBeGreaterThan(
      table.cosine(row('faster'), row('banana')) + 0.3,
    );
    // Library words beyond the most frequent English ones are in it too.
    expect(table.indexOf('speculative')).toBeDefined();
    expect(table.indexOf('zzzqqq')).toBeUndefined();
  });

  it('GIVEN vectors that do not fit the word list THEN a clear error naming the file', () => {
    const { dir, cleanup } = tempDir();
    try {
      writeFileSync(join(dir, 'w.txt'), 'a\nb\n');
      writeFileSync(join(dir, 'v.i8'), Buffer.alloc(150));
      expect(() => loadVectorTable(join(dir, 'w.txt'), join(dir, 'v.i8'), 100)).toThrow(
        VectorTableError,
      );
      expect(() => loadVectorTable(join(dir, 'w.txt'), join(dir, 'v.i8'), 100)).toThrow(
        /v\.i8: 150 bytes for 2 words of 100 dimensions/,
      );
    } finally {
      cleanup();
    }
  });
});

describe('a vector table', () => {
  it('GIVEN float vectors quantized into a table THEN each word reads back its unit vector, and cosines are the int8 dot products', () => {
    const data = new Int8Array(9);
    // Last row first: each writes its own row only.
    quantize([1, 1, 0], data, 6);
    quantize([0, 0, 2], data, 3);
    quantize([3, 4, 0], data, 0);
    expect([...data]).toEqual([76, 102, 0, 0, 0, 127, 90, 90, 0]);
    // A word listed twice is found at its first row.
    const table = vectorTable(['alpha', 'beta', 'alpha'], data, 3);
    expect(table.size).toBe(3);
    expect(table.indexOf('alpha')).toBe(0);
    expect(table.indexOf('beta')).toBe(1);
    expect(table.word(1)).toBe('beta');
    expect([...table.vector(0)].map((x) => +x.toFixed(3))).toEqual([0.598, 0.803, 0]);
    expect([...table.vector(1)]).toEqual([0, 0, 1]);
    expect(table.cosine(0, 2)).toBeCloseTo((76 * 90 + 102 * 90) / (127 * 127), 12);
    expect(table.cosine(0, 1)).toBe(0);
  });

  it('GIVEN a vector of zeros THEN it is stored as zeros, not as NaN', () => {
    const data = new Int8Array(2).fill(5);
    quantize([0, 0], data, 0);
    expect([...data]).toEqual([0, 0]);
  });

  it('GIVEN a word list with or without a last line break THEN the same words', () => {
    const { dir, cleanup } = tempDir();
    try {
      writeFileSync(join(dir, 'v.i8'), Buffer.from([127, 0, 0, 127]));
      for (const list of ['a\nb\n', 'a\nb']) {
        writeFileSync(join(dir, 'w.txt'), list);
        const table = loadVectorTable(join(dir, 'w.txt'), join(dir, 'v.i8'), 2);
        expect([table.word(0), table.word(1)]).toEqual(['a', 'b']);
        expect(table.cosine(0, 0)).toBeCloseTo(1, 12);
      }
    } finally {
      cleanup();
    }
  });
});
