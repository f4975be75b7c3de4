import { statSync } from 'node:fs';
import { openLibraryAt } from '../app/open-library.js';
import {
  addStandInVectors,
  embedRate,
  meaningAgreement,
  timeEncoder,
  timeFused,
} from './run-vectors.js';
import { createSearch } from '../search/search-papers.js';
import {
  elapsedMs,
  peakRssBytes,
  timeQueries,
  type EngineResult,
  type EngineRun,
} from './engine-run.js';

const NOW = new Date('2025-01-01T00:00:00Z');
/** Questions of each kind the search by meaning is compared with the exact scan on. */
const RECALL_SAMPLE = 100;

type IngestResult = Omit<EngineResult, 'latenciesMs' | 'top'>;

/**
 * paperbot's ingest as it runs: papers go through the real ingest (one transaction per
 * batch, the FTS5 index written alongside) into a database file at `dbPath`, left there
 * for searchPaperbot, which runs in a fresh process.
 */
export function ingestPaperbot(run: EngineRun, dbPath: string): IngestResult {
  const baselineRssBytes = process.memoryUsage.rss();
  const library = openLibraryAt(dbPath, { autoBuild: false });
  const { db } = library;
  try {
    let ingestMs = 0;
    let generateMs = 0;
    for (let from = 0; from < run.size; from += run.batch) {
      let started = performance.now();
      const papers = [...run.corpus.papers(from, Math.min(run.size, from + run.batch))];
      // The generator's garbage is collected here, untimed, rather than by the ingest.
      (globalThis as { gc?: () => void }).gc?.();
      generateMs += elapsedMs(started);
      started = performance.now();
      library.ingest(papers, { now: NOW });
      ingestMs += elapsedMs(started);
      if ((from / run.batch) % 5 === 4)
        run.progress(`  ${(from + papers.length).toLocaleString('en')} papers`);
    }
    // Until the index is in the main file: the last checkpoint is part of the ingest.
    const started = performance.now();
    db.pragma('wal_checkpoint(TRUNCATE)');
    ingestMs += elapsedMs(started);
    const papers = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM papers').get()!.n;
    const sizeBytes = fileSize(dbPath) + fileSize(`${dbPath}-wal`);
    run.progress('  stand-in vectors for every paper…');
    const stored = addStandInVectors(library, dbPath, run.seed);
    return {
      engine: 'paperbot (SQLite FTS5 + MaxScore)',
      papers,
      ingestSeconds: ingestMs / 1000,
      ingestRate: run.size / (ingestMs / 1000),
      generateSeconds: generateMs / 1000,
      sizeBytes,
      vectorStore: stored,
      sizeNote: 'database file + WAL, papers included',
      baselineRssBytes,
      peakRssBytes: peakRssBytes(),
    };
  } finally {
    library.close();
  }
}

/**
 * The library at `dbPath` opened as the bot opens it, the questions searched through the
 * real search (top 10), then the first `exhaustiveSample` of them again with FTS5's own
 * exhaustive bm25() ranking, to compare the two lists.
 */
export async function searchPaperbot(
  run: EngineRun,
  dbPath: string,
  exhaustiveSample: number,
): Promise<
  Pick<
    EngineResult,
    | 'latenciesMs'
    | 'top'
    | 'exhaustive'
    | 'agreement'
    | 'maxscoreShare'
    | 'searchRssBytes'
    | 'long'
    | 'real'
    | 'vectors'
  >
> {
  const library = openLibraryAt(dbPath, { autoBuild: false });
  const { db, search } = library;
  try {
    let calls = 0;
    let viaMaxScore = 0;
    const timed = timeQueries(run, (question) => {
      const response = search.search(question, { limit: 10 });
      if (++calls > run.warmup.length && response.ranking === 'maxscore') viaMaxScore++;
      return response.hits.map((hit) => hit.rowid - 1);
    });
    const searchRssBytes = peakRssBytes();
    const slow = createSearch(db, { fastPath: false });
    run.progress(`  the same questions ranked exhaustively by FTS5 (${exhaustiveSample})…`);
    const exhaustive = timeQueries(
      {
        ...run,
        warmup: run.warmup.slice(0, 1),
        questions: run.questions.slice(0, exhaustiveSample),
      },
      (question) => slow.search(question, { limit: 10 }).hits.map((hit) => hit.rowid - 1),
    );
    /** Questions timed by the fast path, then ranked by FTS5 exhaustively. */
    const bothWays = (questions: readonly string[]) => {
      const set = { ...run, warmup: [], questions };
      const fast = timeQueries(set, (question) =>
        search.search(question, { limit: 10 }).hits.map((hit) => hit.rowid - 1),
      );
      const exhaustive = timeQueries(set, (question) =>
        slow.search(question, { limit: 10 }).hits.map((hit) => hit.rowid - 1),
      );
      return {
        latenciesMs: fast.latenciesMs,
        exhaustiveMs: exhaustive.latenciesMs,
        agreement: agreement(exhaustive.top, fast.top),
      };
    };
    run.progress(`  ${run.longQuestions.length} generated questions of 15–40 words, both ways…`);
    const long = bothWays(run.longQuestions);
    run.progress(`  ${run.realQuestions.length} real questions of 15–40 words, both ways…`);
    const real = bothWays(run.realQuestions);
    run.progress('  by words and meaning: the encoder on 64 abstracts, then every question fused…');
    const sample = [...run.corpus.papers(0, 64)].map((p) => `${p.title}. ${p.abstract}`);
    const embedMsPerPaper = await embedRate(sample);
    const fused = await timeFused(library, run.questions);
    const fusedLong = await timeFused(library, run.longQuestions);
    const fusedReal = await timeFused(library, run.realQuestions);
    const encoderAloneMs = await timeEncoder(run.realQuestions);
    run.progress(
      `  the shortlist against the exact scan (${RECALL_SAMPLE} short, ${RECALL_SAMPLE} real)…`,
    );
    const vectors = {
      embedMsPerPaper,
      fusedMs: fused.latenciesMs,
      fusedLongMs: fusedLong.latenciesMs,
      fusedRealMs: fusedReal.latenciesMs,
      fusedRealParts: { encoderAloneMs, ...fusedReal.parts },
      heldBytes: fusedReal.heldBytes,
      vectorCount: db.prepare<[], number>('SELECT count(*) FROM paper_vectors').pluck().get()!,
      agreement: await meaningAgreement(library, [
        ...run.questions.slice(0, RECALL_SAMPLE),
        ...run.realQuestions.slice(0, RECALL_SAMPLE),
      ]),
    };
    return {
      ...timed,
      vectors,
      exhaustive,
      agreement: agreement(exhaustive.top, timed.top),
      maxscoreShare: viaMaxScore / run.questions.length,
      searchRssBytes,
      long,
      real,
    };
  } finally {
    library.close();
  }
}

/** The share of the reference's top 10 that the other list returned, averaged over questions. */
function agreement(reference: readonly number[][], other: readonly number[][]): number {
  let shared = 0;
  for (const [i, theirs] of reference.entries()) {
    const ours = new Set(other[i]);
    shared += theirs.length === 0 ? 1 : theirs.filter((id) => ours.has(id)).length / theirs.length;
  }
  return shared / (reference.length || 1);
}

function fileSize(path: string): number {
  return statSync(path, { throwIfNoEntry: false })?.size ?? 0;
}
