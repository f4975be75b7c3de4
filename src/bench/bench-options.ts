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
  engine?: 'paperbot' | 'minisearch';
  resultFile?: string;
}

export const WARMUP_QUESTIONS = 5;

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
    },
  });
  const size = count('--size', values.size);
  const engine = values.engine;
  if (engine !== undefined && engine !== 'paperbot' && engine !== 'minisearch') {
    throw new Error(`--engine must be paperbot or minisearch, not ${engine}`);
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
    ...(engine ? { engine } : {}),
    ...(values['result-file'] ? { resultFile: values['result-file'] } : {}),
  };
}

function count(flag: string, text: string, min = 1): number {
  const n = Number(text.replace(/[_,]/g, ''));
  if (!Number.isSafeInteger(n) || n < min) {
    throw new Error(
      `${flag} must be a whole number ≥ ${min}, not "${text}"\n` +
        'usage: npm run bench -- [--size N] [--questions N] [--minisearch-sample N] [--no-minisearch] [--seed N] [--batch N] [--arxiv-ids]',
    );
  }
  return n;
}
