import type { Config } from '../config.js';
import { ingestFiles, type IngestReport } from '../corpus/ingest-files.js';
import { openDatabase, type Db } from '../db/open-database.js';
import { createSearch, type Search } from '../search/search-papers.js';
import { bundledPagesDir, resolveDbPath } from './project-paths.js';

export interface Library {
  db: Db;
  search: Search;
  /** Set when this open built the library from the bundled pages. */
  built?: IngestReport;
  close(): void;
}

export interface OpenLibraryOptions {
  now: Date;
  /** Build from the bundled pages when the database is new (default true). */
  autoBuild?: boolean;
}

/**
 * Opens the paper library, creating the database and, on first use, filling it from
 * the pages in data/ so that a fresh clone answers searches with no separate step.
 */
export function openLibrary(config: Config, options: OpenLibraryOptions): Library {
  let built: IngestReport | undefined;
  const seed = (db: Db) => {
    built = ingestFiles(db, [bundledPagesDir()], {
      now: options.now,
      referenceDate: config.referenceDate ?? options.now,
    });
  };
  const { db } = openDatabase(resolveDbPath(config.dbPath), {
    ...(options.autoBuild === false ? {} : { seed }),
  });
  return {
    db,
    search: createSearch(db),
    ...(built ? { built } : {}),
    close: () => db.close(),
  };
}
