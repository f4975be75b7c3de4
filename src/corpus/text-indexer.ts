/**
 * Keeps a full-text index in step with the papers the ingest writes, inside the ingest's
 * transaction. The ingest knows nothing of how: the library's is FTS5's
 * (src/fts5/indexer.ts), given to it by whoever opens the library.
 */
export interface TextIndexer {
  /** Starts indexing one ingest; `papers`: how many papers the ingest brings. */
  begin(papers: number): TextIndexBatch;
}

export interface TextIndexBatch {
  add(rowid: number, title: string, abstract: string): void;
  /** A paper already indexed whose abstract changed (its title never does). */
  replace(rowid: number, title: string, before: string, after: string): void;
  /** Once, before the transaction commits: everything added or replaced is in the index. */
  finish(): void;
  /** Releases what the batch holds, finished or not (after a failure too). */
  close(): void;
}
