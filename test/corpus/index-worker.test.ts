import { describe, expect, it } from 'vitest';
import { IndexWorkerError, startIndexWorker } from '../../src/corpus/index-worker.js';
import { decodeStructure } from '../../src/db/fts5-format.js';
import type { BuiltIndex } from '../../src/db/fts5-segments.js';
import { FTS_TOKENIZER } from '../../src/search/index-terms.js';

const COLUMNS = ['title', 'abstract'];

describe('the index worker', () => {
  it('GIVEN rows offered THEN every row it took is in exactly one segment handed back, and every other row was handed back', () => {
    const built: BuiltIndex[] = [];
    const worker = startIndexWorker({
      tokenizer: FTS_TOKENIZER,
      columns: COLUMNS,
      segmentRows: 500,
      chunkRows: 50,
      onIndex: (index) => built.push(index),
    });
    const taken: number[] = [];
    const returned: number[] = [];
    for (let rowid = 1; rowid <= 3000; rowid++) {
      const row: [number, string, string] = [rowid, `title ${rowid}`, `the abstract of ${rowid}`];
      (worker.offer(row, 3000 - rowid) ? taken : returned).push(rowid);
    }
    worker.finish();
    expect(taken.length + returned.length).toBe(3000);
    expect(taken.length).toBeGreaterThan(0);
    const indexed = built.flatMap((index) => index.docsize.map(([id]) => id));
    expect(indexed.sort((a, b) => a - b)).toEqual(taken);
    // Segments of at most 500 rows each: at least one per 500 rows taken.
    const segments = built.flatMap((index) =>
      decodeStructure(index.structure).levels.flatMap((level) => level.segments),
    ).length;
    expect(segments).toBeGreaterThanOrEqual(Math.ceil(taken.length / 500));
    expect(() => worker.offer([3001, 'late', 'too late'], 0)).toThrow(/closed/);
  });

  it('GIVEN a worker that cannot build its index THEN finish() says why', () => {
    const worker = startIndexWorker({
      tokenizer: 'no_such_tokenizer',
      columns: COLUMNS,
      onIndex: () => undefined,
    });
    for (let rowid = 1; rowid <= 10; rowid++)
      worker.offer([rowid, 'a title', 'an abstract'], 10 - rowid);
    expect(() => worker.finish()).toThrow(IndexWorkerError);
    const again = startIndexWorker({
      tokenizer: 'no_such_tokenizer',
      columns: COLUMNS,
      onIndex: () => undefined,
    });
    again.offer([1, 'a title', 'an abstract'], 0);
    expect(() => again.finish()).toThrow(/index worker: .*tokenizer/);
  });

  it('GIVEN no rows THEN finish() hands back nothing and returns', () => {
    const built: BuiltIndex[] = [];
    const worker = startIndexWorker({
      tokenizer: FTS_TOKENIZER,
      columns: COLUMNS,
      onIndex: (index) => built.push(index),
    });
    worker.finish();
    expect(built).toEqual([]);
  });
});
