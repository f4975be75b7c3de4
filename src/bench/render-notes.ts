import { WARMUP_QUESTIONS, type BenchOptions } from './bench-options.js';
import type { EngineResult } from './engine-run.js';

export interface BenchRun {
  options: BenchOptions;
  questions: number;
  paperbot: EngineResult;
  mini: EngineResult | undefined;
  /** Mean papers the two top-10 lists share. */
  overlap: number | undefined;
  skipped: string | undefined;
  heapMb: number;
}

export interface Machine {
  cpu: string;
  cores: number;
  node: string;
  memoryGb: number;
}

const mean = (values: readonly number[]) => {
  const x = values.reduce((sum, v) => sum + v, 0) / values.length;
  return x >= 1000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x)} ms`;
};

/** The lines under the table: what was measured, on what, and how. */
export function renderNotes(run: BenchRun, machine: Machine, wallSeconds: number): string {
  const { options, questions, paperbot, mini, overlap, skipped, heapMb } = run;
  const lines = [
    `Corpus: ${options.size.toLocaleString('en')} synthetic abstracts (seed ${options.seed}${options.arxivIds ? ', with arXiv ids' : ''}), each modelled on one of the real papers in data/pages by a word-bigram model; the library holds ${paperbot.papers.toLocaleString('en')}.`,
    `Questions: ${questions} generated ones of 5–15 words, after ${WARMUP_QUESTIONS} warm-up ones; paperbot timed on all ${paperbot.latenciesMs.length}` +
      (mini
        ? `, MiniSearch on the first ${mini.latenciesMs.length} only (${mean(mini.latenciesMs)} per query on average here); the ratios compare the two on those same ${mini.latenciesMs.length}, and p99 of ${mini.latenciesMs.length} is the slowest of them.`
        : '.'),
    ...(paperbot.vectors
      ? [
          `By meaning: every paper gets a stand-in vector of the bundled encoder's size (seeded random, 512 dimensions, int8: what real ones cost to store and scan, not what they find; embedding the real ones would take the hours the table says); the encoder's rate is measured on 64 of the synthetic abstracts; the fused queries embed each question with the real encoder, shortlist 300 papers by the two-bit codes held in memory (from a first look 16 times as wide), score those and BM25's top 50 exactly from the stored int8 vectors and fuse. The shortlist is compared with the exact scan of every int8 vector on the first ${paperbot.vectors.agreement.questions / 2} short and real questions; random stand-ins are its hardest case (no paper is much nearer than the rest).`,
        ]
      : []),
    ...(paperbot.long
      ? [
          `Chat-length questions: ${paperbot.long.latenciesMs.length} generated ones of 15–40 words (a sentence or two around three topics of one paper) and the ${paperbot.real?.latenciesMs.length ?? 0} real ones of that length in data/eval's development sets, timed the same way, then ranked by FTS5 exhaustively for the ratio and the agreement.`,
        ]
      : []),
    `Latency: one search call, top 10 (what \`paperbot search --json\` reports as ms), one query at a time, in a fresh process that opened the library; FTS5's exhaustive ranking on the first ${paperbot.exhaustive?.latenciesMs.length ?? 0} questions, in the same process, after it. Agreement: the share of FTS5's exhaustive top 10 that paperbot returned, averaged over those questions.` +
      (overlap !== undefined
        ? ` The two top-10 lists share ${overlap.toFixed(1)} papers on average: both rank exhaustively with BM25 and the same stems, stop words and title weight, but FTS5 weights the title's term counts inside one saturating score while MiniSearch multiplies a separate title score, so their orders differ.`
        : ''),
    `Ingest: time inside ingestPapers (batches of ${options.batch.toLocaleString('en')}, one transaction each, the FTS5 index written alongside, its text tokenized in a worker thread, and the final checkpoint included) and inside MiniSearch addAll; generating the papers, and collecting the generator's garbage before each batch, is not counted.`,
    `Memory: peak RSS of each engine's own process, about ${Math.round(paperbot.baselineRssBytes / 2 ** 20)} MB of it Node and the text model; paperbot's leaves out the OS page cache holding its database file${mini ? `, MiniSearch's depends on when V8 collects (heap capped at ${Math.round(heapMb / 1024)} GB)` : ''}.`,
    ...(skipped ? [skipped] : []),
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, Node ${machine.node}. Whole bench: ${Math.round(wallSeconds)} s.`,
  ];
  return lines.join('\n');
}
