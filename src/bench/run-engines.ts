import { rmSync, statSync } from 'node:fs';
import MiniSearch from 'minisearch';
import { ingestPapers } from '../corpus/ingest.js';
import { openDatabase } from '../db/open-database.js';
import { tokenize } from '../search/query-builder.js';
import { createSearch, TITLE_WEIGHT } from '../search/search-papers.js';
import { STOP_WORDS } from '../search/stop-words.js';
import { syntheticPapers, type TextModel } from './synthetic-corpus.js';

export interface EngineResult {
  engine: string;
  papers: number;
  ingestSeconds: number;
  ingestRate: number;
  /** Database file (+ WAL) for paperbot; the index's share of the heap for MiniSearch. */
  sizeBytes: number;
  sizeNote: string;
  peakRssBytes: number;
  latenciesMs: number[];
  questionsTimed: number;
  meanHits: number;
}

export interface EngineRun {
  model: TextModel;
  seed: number;
  size: number;
  questions: string[];
  batch: number;
}

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const peakRss = () => process.resourceUsage().maxRSS * 1024;

/** paperbot: ingest through the real ingest path into a file database, then search. */
export function runPaperbot(run: EngineRun, dbPath: string): EngineResult {
  for (const suffix of ['', '-wal', '-shm']) rmSync(dbPath + suffix, { force: true });
  const { db } = openDatabase(dbPath);
  let ingestMs = 0;
  for (let from = 0; from < run.size; from += run.batch) {
    const papers = [...syntheticPapers(run.model, run.seed, from, Math.min(run.size, from + run.batch))];
    const start = process.hrtime.bigint();
    ingestPapers(db, papers, { now: new Date('2025-01-01T00:00:00Z') });
    ingestMs += ms(start);
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  const sizeBytes = fileSize(dbPath) + fileSize(`${dbPath}-wal`);
  const search = createSearch(db);
  for (const q of run.questions.slice(0, 5)) search.search(q, { limit: 10 });
  const latenciesMs: number[] = [];
  let hits = 0;
  for (const q of run.questions) {
    const start = process.hrtime.bigint();
    hits += search.search(q, { limit: 10 }).hits.length;
    latenciesMs.push(ms(start));
  }
  db.close();
  for (const suffix of ['', '-wal', '-shm']) rmSync(dbPath + suffix, { force: true });
  return {
    engine: 'paperbot (SQLite FTS5, exhaustive BM25)',
    papers: run.size,
    ingestSeconds: ingestMs / 1000,
    ingestRate: run.size / (ingestMs / 1000),
    sizeBytes,
    sizeNote: 'database file',
    peakRssBytes: peakRss(),
    latenciesMs,
    questionsTimed: run.questions.length,
    meanHits: hits / run.questions.length,
  };
}

/** MiniSearch on the same papers and questions, fields and weights matched to paperbot's. */
export function runMiniSearch(run: EngineRun): EngineResult {
  const heapBefore = heapUsed();
  const index = new MiniSearch<{ id: number; title: string; abstract: string }>({
    fields: ['title', 'abstract'],
    processTerm: (term) => {
      const word = term.toLowerCase();
      return STOP_WORDS.has(word) ? null : word;
    },
    searchOptions: { boost: { title: TITLE_WEIGHT }, combineWith: 'OR' },
  });
  let ingestMs = 0;
  let id = 0;
  for (let from = 0; from < run.size; from += run.batch) {
    const docs = [...syntheticPapers(run.model, run.seed, from, Math.min(run.size, from + run.batch))].map((p) => ({
      id: id++,
      title: p.title,
      abstract: p.abstract,
    }));
    const start = process.hrtime.bigint();
    index.addAll(docs);
    ingestMs += ms(start);
  }
  const sizeBytes = heapUsed() - heapBefore;
  const latenciesMs: number[] = [];
  let hits = 0;
  for (const q of run.questions) {
    const start = process.hrtime.bigint();
    const terms = tokenize(q).map((w) => w.word).filter((w) => !STOP_WORDS.has(w));
    hits += index.search(terms.join(' ')).slice(0, 10).length;
    latenciesMs.push(ms(start));
  }
  return {
    engine: 'MiniSearch 7 (in memory)',
    papers: run.size,
    ingestSeconds: ingestMs / 1000,
    ingestRate: run.size / (ingestMs / 1000),
    sizeBytes,
    sizeNote: 'heap held by the index',
    peakRssBytes: peakRss(),
    latenciesMs,
    questionsTimed: run.questions.length,
    meanHits: hits / run.questions.length,
  };
}

function heapUsed(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
