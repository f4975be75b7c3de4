import type { SyntheticCorpus } from './synthetic-corpus.js';

/** What one engine is asked to do: index papers [0, size) of the corpus, then answer. */
export interface EngineRun {
  corpus: SyntheticCorpus;
  size: number;
  /** Papers generated and handed over at a time. */
  batch: number;
  /** Answered first and not timed. */
  warmup: readonly string[];
  questions: readonly string[];
  /** Questions of 15–40 words, as people ask in a chat (paperbot only). */
  longQuestions: readonly string[];
  /** The development sets' real questions of 15–40 words (paperbot only). */
  realQuestions: readonly string[];
  seed: number;
  /** Progress lines go here (stderr), never to the report. */
  progress: (line: string) => void;
}

export interface EngineResult {
  engine: string;
  /** Papers the engine holds after indexing (the library merges papers with equal titles). */
  papers: number;
  /** Time inside the engine's own indexing calls; generating the papers is not counted. */
  ingestSeconds: number;
  ingestRate: number;
  generateSeconds: number;
  sizeBytes: number;
  sizeNote: string;
  /** Resident set size when the engine started (Node, the text model) and at its peak. */
  baselineRssBytes: number;
  peakRssBytes: number;
  /** One per question, in order, as `paperbot search --json` reports `ms`. */
  latenciesMs: number[];
  /** Paper indexes of the top 10 for each question, to compare the engines' rankings. */
  top: number[][];
  /** paperbot only: FTS5's own exhaustive bm25() ranking, timed on the same library. */
  exhaustive?: { latenciesMs: number[]; top: number[][] };
  /** paperbot only: share of the exhaustive top 10 the fast path returned, on average. */
  agreement?: number;
  /** paperbot only: questions the fast path ranked (the rest fell back to FTS5). */
  maxscoreShare?: number;
  /** paperbot only: peak RSS of a fresh process that opened the library and searched it. */
  searchRssBytes?: number;
  /** paperbot only: search by meaning: the encoder's rate, fused latencies, the memory held. */
  vectors?: {
    embedMsPerPaper: number;
    fusedMs: number[];
    fusedLongMs: number[];
    fusedRealMs: number[];
    /** Where a fused search of a real question spends its time (see FusedParts). */
    fusedRealParts?: FusedParts;
    /** Bytes held in memory for the search by meaning (the sign codes), and for how many. */
    heldBytes: number;
    vectorCount: number;
    /** Against the exact scan of every int8 vector (the share of its 50 nearest found, of its fused top 10 returned). */
    agreement: { recall: number; fusedTop10: number; questions: number };
  };
  /** paperbot only: stand-in vectors (the encoder's size) stored for every paper. */
  vectorStore?: { bytes: number; seconds: number };
  /** paperbot only: the 15–40-word questions, timed, and FTS5's exhaustive ranking of them. */
  long?: { latenciesMs: number[]; exhaustiveMs: number[]; agreement: number };
  /** paperbot only: the same for the real 15–40-word questions. */
  real?: { latenciesMs: number[]; exhaustiveMs: number[]; agreement: number };
}

/**
 * The parts of the search by words and meaning, per real question (ms): the encoder asked
 * alone (nothing else running), then, inside the fused search, the words' part (BM25's pool
 * ranked and its top described), when the question's vector arrived (from the start, the
 * encoder running beside the words) and the nearest papers' look-up that follows it.
 */
export interface FusedParts {
  encoderAloneMs: number[];
  wordsMs: number[];
  vectorReadyMs: number[];
  nearestMs: number[];
}

export const elapsedMs = (started: number): number => performance.now() - started;

/** The process's peak resident set size so far, in bytes. */
export const peakRssBytes = (): number => process.resourceUsage().maxRSS * 1024;

/** Answers the warm-up questions, then times each question on its own. */
export function timeQueries(
  run: EngineRun,
  search: (question: string) => number[],
): Pick<EngineResult, 'latenciesMs' | 'top'> {
  for (const question of run.warmup) search(question);
  const latenciesMs: number[] = [];
  const top: number[][] = [];
  for (const [i, question] of run.questions.entries()) {
    const started = performance.now();
    const ids = search(question);
    latenciesMs.push(elapsedMs(started));
    top.push(ids);
    if ((i + 1) % 50 === 0) run.progress(`  ${i + 1}/${run.questions.length} questions`);
  }
  return { latenciesMs, top };
}
