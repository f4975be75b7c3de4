import MiniSearch from 'minisearch';
import { stemmer } from 'stemmer';
import { TITLE_WEIGHT } from '../search/search-papers.js';
import { STOP_WORDS } from '../search/stop-words.js';
import {
  elapsedMs,
  peakRssBytes,
  timeQueries,
  type EngineResult,
  type EngineRun,
} from './engine-run.js';

interface Doc {
  id: number;
  title: string;
  abstract: string;
}

/**
 * MiniSearch on the same papers and questions, set up to do what paperbot's search
 * does: title and abstract, the title weighted as in paperbot's BM25, the same stop
 * words, Porter stems (paperbot's FTS5 tokenizer is `porter unicode61`), any word may
 * match (OR), every match scored, top 10 kept. The index lives in the heap.
 */
export function runMiniSearch(run: EngineRun): EngineResult {
  const baselineRssBytes = process.memoryUsage.rss();
  const heapBefore = heapAfterGc();
  const index = new MiniSearch<Doc>({
    fields: ['title', 'abstract'],
    storeFields: [],
    processTerm: (term) => {
      const word = term.toLowerCase();
      if (STOP_WORDS.has(word) || (word.length === 1 && !/\p{N}/u.test(word))) return null;
      return stemmer(word);
    },
    searchOptions: { boost: { title: TITLE_WEIGHT }, combineWith: 'OR' },
  });
  let ingestMs = 0;
  let generateMs = 0;
  for (let from = 0; from < run.size; from += run.batch) {
    let started = performance.now();
    const docs: Doc[] = [];
    for (const [i, paper] of [
      ...run.corpus.papers(from, Math.min(run.size, from + run.batch)),
    ].entries()) {
      docs.push({ id: from + i, title: paper.title, abstract: paper.abstract });
    }
    // The generator's garbage is collected here, untimed, rather than by the ingest.
    (globalThis as { gc?: () => void }).gc?.();
    generateMs += elapsedMs(started);
    started = performance.now();
    index.addAll(docs);
    ingestMs += elapsedMs(started);
    if ((from / run.batch) % 5 === 4)
      run.progress(`  ${(from + docs.length).toLocaleString('en')} papers`);
  }
  const sizeBytes = heapAfterGc() - heapBefore;
  const timed = timeQueries(run, (question) =>
    index
      .search(question)
      .slice(0, 10)
      .map((hit) => hit.id as number),
  );
  return {
    engine: 'MiniSearch 7 (in memory, exhaustive BM25+)',
    papers: index.documentCount,
    ingestSeconds: ingestMs / 1000,
    ingestRate: run.size / (ingestMs / 1000),
    generateSeconds: generateMs / 1000,
    sizeBytes,
    sizeNote: 'heap held by the index alone',
    baselineRssBytes,
    peakRssBytes: peakRssBytes(),
    ...timed,
  };
}

/** Heap in use after a full collection (needs --expose-gc, which the bench passes). */
function heapAfterGc(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}
