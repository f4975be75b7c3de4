import { parseArgs } from 'node:util';

export interface BenchOptions {
  size: number;
  questions: number;
  /** How many of the questions MiniSearch is timed on (it takes about a second each). */
  minisearchSample: number;
  minisearch: boolean;
  seed: number;
  batch: number;
  arxivIds: boolean;
  /** Set in the child processes: run this engine only and write its result to resultFile. */
  engine?: Engine;
  resultFile?: string;
  /** The paperbot library file the ingest child writes and the search child reads. */
  dbPath?: string;
  /** How many of the questions FTS5's exhaustive ranking is timed on, for the agreement. */
  exhaustiveSample: number;
  /** Questions of 15–40 words, timed besides the short ones. */
  longQuestions: number;
}

export const WARMUP_QUESTIONS = 5;
const ENGINES = ['paperbot', 'paperbot-search', 'minisearch'] as const;
export type Engine = (typeof ENGINES)[number];

/** Reads the bench's command line; throws with a usage line on anything it cannot use. */
export function parseBenchArgs(args: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...args],
    options: {
      size: { type: 'string', default: '200000' },
      questions: { type: 'string', default: '300' },
      'minisearch-sample': { type: 'string' },
      'no-minisearch': { type: 'boolean', default: false },
      seed: { type: 'string', default: '42' },
      batch: { type: 'string', default: '10000' },
      'arxiv-ids': { type: 'boolean', default: false },
      engine: { type: 'string' },
      'result-file': { type: 'string' },
      'db-path': { type: 'string' },
      'exhaustive-sample': { type: 'string' },
      'long-questions': { type: 'string', default: '100' },
    },
  });
  const size = count('--size', values.size);
  const engine = values.engine;
  if (engine !== undefined && !(ENGINES as readonly string[]).includes(engine)) {
    throw new Error(`--engine must be one of ${ENGINES.join(', ')}, not ${engine}`);
  }
  return {
    size,
    questions: count('--questions', values.questions),
    // Fewer at large sizes, where each MiniSearch query takes a second or more.
    minisearchSample: count(
      '--minisearch-sample',
      values['minisearch-sample'] ?? (size > 300_000 ? '20' : '50'),
    ),
    minisearch: !values['no-minisearch'],
    seed: count('--seed', values.seed, 0),
    batch: count('--batch', values.batch),
    arxivIds: values['arxiv-ids'],
    // Exhaustive FTS5 takes about a second a question at a million papers.
    exhaustiveSample: count(
      '--exhaustive-sample',
      values['exhaustive-sample'] ?? (size > 300_000 ? '100' : values.questions),
    ),
    longQuestions: count('--long-questions', values['long-questions']),
    ...(engine ? { engine: engine as Engine } : {}),
    ...(values['db-path'] ? { dbPath: values['db-path'] } : {}),
    ...(values['result-file'] ? { resultFile: values['result-file'] } : {}),
  };
}

function count(flag: string, text: string, min = 1): number {
  const n = Number(text.replace(/[_,]/g, ''));
  if (!Number.isSafeInteger(n) || n < min) {
    throw new Error(
      `${flag} must be a whole number ≥ ${min}, not "${text}"\n` +
        'usage: npm run bench -- [--size N] [--questions N] [--minisearch-sample N] [--no-minisearch] [--seed N] [--batch N] [--arxiv-ids] [--exhaustive-sample N] [--long-questions N]',
    );
  }
  return n;
}
