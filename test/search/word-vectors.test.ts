import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { bundledVectorFiles } from '../../src/app/project-paths.js';
import { loadVectorTable, VectorTableError } from '../../src/search/word-vectors.js';
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
