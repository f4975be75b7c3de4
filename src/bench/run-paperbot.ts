import { rmSync, statSync } from 'node:fs';
import { ingestPapers } from '../corpus/ingest.js';
import { openDatabase } from '../db/open-database.js';
import { createSearch } from '../search/search-papers.js';
import {
  elapsedMs,
  peakRssBytes,
  timeQueries,
  type EngineResult,
  type EngineRun,
} from './engine-run.js';

const NOW = new Date('2025-01-01T00:00:00Z');

/**
 * paperbot as it runs: papers go through the real ingest (one transaction per batch,
 * FTS5 kept up to date by the triggers) into a database file at `dbPath`, which is
 * removed afterwards; questions go through the real search, top 10.
 */
export function runPaperbot(run: EngineRun, dbPath: string): EngineResult {
  const baselineRssBytes = process.memoryUsage.rss();
  const files = ['', '-wal', '-shm'].map((suffix) => dbPath + suffix);
  const removeFiles = () => files.forEach((file) => rmSync(file, { force: true }));
  removeFiles();
  process.once('exit', removeFiles);
  const { db } = openDatabase(dbPath);
  try {
    let ingestMs = 0;
    let generateMs = 0;
    for (let from = 0; from < run.size; from += run.batch) {
      let started = performance.now();
      const papers = [...run.corpus.papers(from, Math.min(run.size, from + run.batch))];
      generateMs += elapsedMs(started);
      started = performance.now();
      ingestPapers(db, papers, { now: NOW });
      ingestMs += elapsedMs(started);
      if ((from / run.batch) % 5 === 4)
        run.progress(`  ${(from + papers.length).toLocaleString('en')} papers`);
    }
    // Until the index is in the main file: the last checkpoint is part of the ingest.
    const started = performance.now();
    db.pragma('wal_checkpoint(TRUNCATE)');
    ingestMs += elapsedMs(started);
    const papers = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM papers').get()!.n;
    const sizeBytes = fileSize(files[0]!) + fileSize(files[1]!);

    const search = createSearch(db);
    const timed = timeQueries(run, (question) =>
      search.search(question, { limit: 10 }).hits.map((hit) => hit.rowid - 1),
    );
    return {
      engine: 'paperbot (SQLite FTS5, exhaustive BM25)',
      papers,
      ingestSeconds: ingestMs / 1000,
      ingestRate: run.size / (ingestMs / 1000),
      generateSeconds: generateMs / 1000,
      sizeBytes,
      sizeNote: 'database file + WAL, papers included',
      baselineRssBytes,
      peakRssBytes: peakRssBytes(),
      ...timed,
    };
  } finally {
    db.close();
    removeFiles();
  }
}

function fileSize(path: string): number {
  return statSync(path, { throwIfNoEntry: false })?.size ?? 0;
}
