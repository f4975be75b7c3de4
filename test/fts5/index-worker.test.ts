import { describe, expect, it } from 'vitest';
import { IndexWorkerError, startIndexWorker } from '../../src/fts5/index-worker.js';
import { decodeStructure } from '../../src/fts5/format.js';
import type { BuiltIndex } from '../../src/fts5/graft.js';
import { FTS_TOKENIZER } from '../../src/fts5/schema.js';

const COLUMNS = ['title', 'abstract'];

describe('the index worker', () => {
  it('GIVEN rows added THEN each is in exactly one segment handed back, segments of consecutive rows', () => {
    const built: BuiltIndex[] = [];
    const worker = startIndexWorker({
      tokenizer: FTS_TOKENIZER,
      columns: COLUMNS,
      segmentRows: 500,
      chunkRows: 50,
      onIndex: (index) => built.push(index),
    });
    for (let rowid = 1; rowid <= 3000; rowid++) {
      worker.add([rowid, `title ${rowid}`, `the abstract of ${rowid}`]);
    }
    worker.finish();
    const runs = built.map((index) => index.docsize.map(([id]) => id).sort((a, b) => a - b));
    expect(runs.flat().sort((a, b) => a - b)).toEqual(
      Array.from({ length: 3000 }, (_, i) => i + 1),
    );
    // Each segment a run of consecutive rowids (the search reads disjoint segments faster).
    for (const run of runs) expect(run.at(-1)! - run[0]! + 1).toBe(run.length);
    const segments = built.flatMap((index) =>
      decodeStructure(index.structure).levels.flatMap((level) => level.segments),
    ).length;
    expect(segments).toBeGreaterThanOrEqual(6);
    expect(() => worker.add([3001, 'late', 'too late'])).toThrow(/closed/);
  });

  it('GIVEN a worker that cannot build its index THEN finish() says why', () => {
    const worker = startIndexWorker({
      tokenizer: 'no_such_tokenizer',
      columns: COLUMNS,
      onIndex: () => undefined,
    });
    for (let rowid = 1; rowid <= 10; rowid++) worker.add([rowid, 'a title', 'an abstract']);
    expect(() => worker.finish()).toThrow(IndexWorkerError);
    const again = startIndexWorker({
      tokenizer: 'no_such_tokenizer',
      columns: COLUMNS,
      onIndex: () => undefined,
    });
    again.add([1, 'a title', 'an abstract']);
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
