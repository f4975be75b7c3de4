import { readFileSync } from 'node:fs';
import type { Config } from '../config.js';
import {
  ingestFiles,
  ingestFilesInterruptibly,
  type IngestReport,
} from '../corpus/ingest-files.js';
import { ingestPapers, type IngestCounts } from '../corpus/ingest.js';
import type { ParsedPaper } from '../corpus/paper.js';
import { openDatabase, type Db } from '../db/open-database.js';
import { createFts5Indexer } from '../fts5/indexer.js';
import { createSearch, type Search } from '../search/search-papers.js';
import { createPaperVectors } from '../search/paper-vectors.js';
import { bundledPagesDir, bundledPaperVectorFiles, resolveDbPath } from './project-paths.js';

/** The paper library: its database, its search, and the ingest that keeps both in step. */
export interface Library {
  db: Db;
  search: Search;
  /** Adds or updates papers in one transaction, the full-text index with them. */
  ingest(papers: Iterable<ParsedPaper>, options: { now: Date }): IngestCounts;
  /** Parses listing pages (files or folders) and ingests their papers. */
  ingestFiles(paths: readonly string[], options: { now: Date; referenceDate?: Date }): IngestReport;
  /** ingestFiles that an aborted `signal` rolls back, reporting progress as it writes. */
  ingestFilesInterruptibly(
    paths: readonly string[],
    options: {
      now: Date;
      referenceDate?: Date;
      signal: AbortSignal;
      onProgress?: (done: number, total: number) => void;
    },
  ): Promise<IngestReport>;
  /** Stores the shipped vectors of the bundled papers the library holds and lacks them for. */
  adoptShippedVectors(): void;
  /** Set when this open built the library from the bundled pages. */
  built?: IngestReport;
  close(): void;
}

export interface OpenLibraryOptions {
  /** When a new library is built from the bundled pages (required unless autoBuild is false). */
  now?: Date;
  /** Build from the bundled pages when the database is new (default true). */
  autoBuild?: boolean;
  /** Page dates with no year resolve against this day (default: what each page says, else `now`). */
  referenceDate?: Date;
  /** Store the bundled pages' shipped vectors when building (default true). */
  vectors?: boolean;
}

/**
 * Opens the paper library at DB_PATH, creating the database and, on first use, filling it
 * from the pages in data/ so that a fresh clone answers searches with no separate step.
 */
export function openLibrary(config: Config, options: OpenLibraryOptions): Library {
  return openLibraryAt(resolveDbPath(config.dbPath), {
    ...options,
    ...(config.referenceDate ? { referenceDate: config.referenceDate } : {}),
  });
}

/** openLibrary for a database path (or ':memory:'). */
export function openLibraryAt(path: string, options: OpenLibraryOptions = {}): Library {
  let built: IngestReport | undefined;
  const seed = (db: Db) => {
    const now = options.now;
    if (!now) throw new Error('building the library from the bundled pages needs `now`');
    built = ingestFiles(db, [bundledPagesDir()], {
      now,
      ...(options.referenceDate ? { referenceDate: options.referenceDate } : {}),
      indexer: createFts5Indexer(db),
    });
    if (options.vectors !== false) storeBundledVectors(db);
  };
  const { db } = openDatabase(path, options.autoBuild === false ? {} : { seed });
  // A library made before vectors existed (or before these pages shipped theirs) gets the
  // shipped ones for the bundled papers it holds; other papers wait for the encoder.
  const adoptShippedVectors = () => {
    if (options.vectors !== false && bundledVectorsMissing(db)) storeBundledVectors(db);
  };
  if (!built) adoptShippedVectors();
  const indexer = createFts5Indexer(db);
  return {
    db,
    search: createSearch(db),
    ingest: (papers, { now }) => ingestPapers(db, papers, { now, indexer }),
    ingestFiles: (paths, files) => ingestFiles(db, paths, { ...files, indexer }),
    ingestFilesInterruptibly: (paths, files) =>
      ingestFilesInterruptibly(db, paths, { ...files, indexer }),
    adoptShippedVectors,
    ...(built ? { built } : {}),
    close: () => db.close(),
  };
}

/**
 * Whether this library holds the bundled papers but no vector of the shipped model at all (made
 * before vectors existed). One that has some keeps them: a paper whose abstract an ingest
 * replaced lost its vector on purpose and is embedded again from its new text.
 */
function bundledVectorsMissing(db: Db): boolean {
  const files = bundledPaperVectorFiles();
  const anyVector = db
    .prepare<[string], number>(
      'SELECT count(*) FROM (SELECT 1 FROM paper_vectors WHERE model = ? LIMIT 1)',
    )
    .pluck();
  const exists = db.prepare<[string], number>('SELECT count(*) FROM papers WHERE id = ?').pluck();
  const first = readFileSync(files.ids, 'utf8').split('\n', 1)[0] ?? '';
  return exists.get(first) === 1 && anyVector.get(files.model) === 0;
}

/** The shipped vectors of the bundled pages' papers, stored for the papers the library has. */
function storeBundledVectors(db: Db): void {
  const files = bundledPaperVectorFiles();
  const ids = readFileSync(files.ids, 'utf8').split('\n').filter(Boolean);
  const bytes = readFileSync(files.vectors);
  const dims = bytes.length / ids.length;
  if (!Number.isInteger(dims)) throw new Error(`${files.vectors} does not fit ${files.ids}`);
  const rowOf = db.prepare<[string], number>('SELECT rowid FROM papers WHERE id = ?').pluck();
  const entries = ids.flatMap((id, i) => {
    const rowid = rowOf.get(id);
    const vector = new Int8Array(bytes.buffer, bytes.byteOffset + i * dims, dims);
    return rowid === undefined ? [] : [{ rowid, vector }];
  });
  createPaperVectors(db, files.model).put(entries);
}
