import type { TextIndexBatch, TextIndexer } from '../corpus/text-indexer.js';
import type { Db } from '../db/open-database.js';
import { canGraft, graftIndex } from './graft.js';
import { startIndexWorker, type IndexWorker, type IndexWorkerOptions } from './index-worker.js';
import { FTS_COLUMNS, FTS_TABLE, FTS_TOKENIZER } from './schema.js';

export interface Fts5IndexerOptions {
  /**
   * Where new papers' text is tokenized. 'worker': in a worker thread, into FTS5 segments
   * grafted into the library's index (graftIndex) while the ingest's thread writes the
   * rows; 'inline': by FTS5 on the ingest's thread, row by row. 'auto' (the default): the
   * worker from WORKER_MIN_PAPERS papers on, where its start-up (about 50 ms) pays.
   */
  indexing?: 'auto' | 'worker' | 'inline';
  /** Starts the worker (tests wrap it, or make its segments small). */
  startWorker?: (options: IndexWorkerOptions) => IndexWorker;
}

/** From this many papers in one ingest on, their text is indexed in a worker thread. */
export const WORKER_MIN_PAPERS = 1_000;

/**
 * The library's full-text index as the ingest writes it: in the ingest's own
 * transaction, rather than by triggers (see migration 4). See ./README.md.
 */
export function createFts5Indexer(db: Db, options: Fts5IndexerOptions = {}): TextIndexer {
  const columns = FTS_COLUMNS.join(', ');
  const indexText = db.prepare<[number, string, string]>(
    `INSERT INTO ${FTS_TABLE} (rowid, ${columns}) VALUES (?, ?, ?)`,
  );
  const unindexText = db.prepare<[number, string, string]>(
    `INSERT INTO ${FTS_TABLE} (${FTS_TABLE}, rowid, ${columns}) VALUES ('delete', ?, ?, ?)`,
  );
  const replace = (rowid: number, title: string, before: string, after: string) => {
    unindexText.run(rowid, title, before);
    indexText.run(rowid, title, after);
  };
  const inline: TextIndexBatch = {
    add: (rowid, title, abstract) => void indexText.run(rowid, title, abstract),
    replace,
    finish: () => undefined,
    close: () => undefined,
  };
  const indexing = options.indexing ?? 'auto';

  return {
    begin(papers) {
      const inWorker =
        indexing !== 'inline' &&
        (indexing === 'worker' || papers >= WORKER_MIN_PAPERS) &&
        canGraft(db, FTS_TABLE);
      if (!inWorker) return inline;
      const worker = (options.startWorker ?? startIndexWorker)({
        tokenizer: FTS_TOKENIZER,
        columns: FTS_COLUMNS,
        onIndex: (built) => graftIndex(db, FTS_TABLE, built),
      });
      // Re-indexing an updated paper waits until after the grafts: it may be a paper
      // added earlier in this ingest, whose terms the worker still holds.
      const later: (() => void)[] = [];
      return {
        add: (rowid, title, abstract) => worker.add([rowid, title, abstract]),
        replace: (...args) => void later.push(() => replace(...args)),
        finish() {
          worker.finish();
          for (const step of later) step();
        },
        close: () => worker.close(),
      };
    },
  };
}
