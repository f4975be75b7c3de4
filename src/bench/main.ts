import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bundledPagesDir, projectRoot } from '../app/project-paths.js';
import { benchQuestions } from './questions.js';
import { runMiniSearch, runPaperbot, type EngineResult } from './run-engines.js';
import { learnTextModel } from './synthetic-corpus.js';

/**
 * `npm run bench`: paperbot and MiniSearch on the same synthetic library and the same
 * questions, each engine in its own process so that its peak memory is its own.
 */
const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '200000' },
    questions: { type: 'string', default: '300' },
    'minisearch-sample': { type: 'string', default: '20' },
    'no-minisearch': { type: 'boolean', default: false },
    seed: { type: 'string', default: '42' },
    engine: { type: 'string' },
  },
});
const size = Number(values.size);
const seed = Number(values.seed);
const questionCount = Number(values.questions);
const sample = Number(values['minisearch-sample']);
const batch = 10_000;

const model = learnTextModel(bundledPagesDir());
const questions = benchQuestions(model, seed, size, questionCount);

if (values.engine) {
  // Child mode: run one engine and print its result as JSON.
  const result =
    values.engine === 'paperbot'
      ? runPaperbot({ model, seed, size, questions, batch }, join(tmpdir(), `paperbot-bench-${process.pid}.db`))
      : runMiniSearch({ model, seed, size, questions: questions.slice(0, sample), batch });
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  const started = Date.now();
  const child = (engine: string, heapMb: number): EngineResult => {
    const out = execFileSync(
      process.execPath,
      [...process.execArgv.filter((a) => !a.startsWith('--max-old-space-size')), `--max-old-space-size=${heapMb}`, '--expose-gc', fileURLToPath(import.meta.url), '--engine', engine, '--size', String(size), '--questions', String(questionCount), '--minisearch-sample', String(sample), '--seed', String(seed)],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    return JSON.parse(out.trim().split('\n').at(-1)!) as EngineResult;
  };
  console.error(`paperbot: ingesting ${size.toLocaleString('en')} synthetic papers and timing ${questions.length} questions…`);
  const paperbot = child('paperbot', 2048);
  let mini: EngineResult | undefined;
  let skipped = '';
  if (values['no-minisearch']) skipped = 'MiniSearch skipped (--no-minisearch).';
  else {
    console.error(`MiniSearch: indexing the same papers and timing ${Math.min(sample, questions.length)} of the questions…`);
    try {
      mini = child('minisearch', 16_384);
    } catch (error) {
      skipped = `MiniSearch did not finish: ${(error as Error).message.split('\n')[0]}`;
    }
  }
  const table = renderTable(paperbot, mini);
  console.log(table);
  console.log('');
  console.log(`Corpus: ${size.toLocaleString('en')} synthetic abstracts (seed ${seed}), generated from the bundled pages' vocabulary by a word-bigram model.`);
  console.log(`Questions: ${questions.length} generated questions of 5–15 words; paperbot timed on all ${paperbot.questionsTimed}, MiniSearch on the first ${mini?.questionsTimed ?? 0} (it needs seconds per query at this size).`);
  console.log(`Latency is the time in search for one query (what \`paperbot search --json\` reports as ms), top 10, after 5 warm-up queries.`);
  if (skipped) console.log(skipped);
  console.log(`Machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}. Whole bench: ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  const outDir = join(projectRoot(), 'bench-out');
  mkdirSync(outDir, { recursive: true });
  const summarise = (r: EngineResult) => ({ ...r, latenciesMs: undefined, p50: percentile(r.latenciesMs, 50), p95: percentile(r.latenciesMs, 95), p99: percentile(r.latenciesMs, 99) });
  writeFileSync(join(outDir, `bench-${size}.json`), `${JSON.stringify({ size, seed, paperbot: summarise(paperbot), minisearch: mini ? summarise(mini) : null }, null, 2)}\n`);
}

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

function renderTable(a: EngineResult, b: EngineResult | undefined): string {
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
  const msText = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(1)} ms`);
  const ratio = (x: number | undefined, y: number) => (x === undefined ? '–' : `${(x / y).toFixed(1)}×`);
  const rows: [string, string, string, string][] = [
    ['ingest rate', `${Math.round(a.ingestRate).toLocaleString('en')} papers/s`, b ? `${Math.round(b.ingestRate).toLocaleString('en')} papers/s` : '–', ratio(b?.ingestRate, a.ingestRate)],
    ['index size', `${mb(a.sizeBytes)} (${a.sizeNote})`, b ? `${mb(b.sizeBytes)} (${b.sizeNote})` : '–', ratio(b?.sizeBytes, a.sizeBytes)],
    ['peak memory (RSS)', mb(a.peakRssBytes), b ? mb(b.peakRssBytes) : '–', ratio(b?.peakRssBytes, a.peakRssBytes)],
  ];
  for (const p of [50, 95, 99]) {
    const pa = percentile(a.latenciesMs, p);
    const pb = b ? percentile(b.latenciesMs, p) : undefined;
    rows.push([`query p${p}`, msText(pa), pb === undefined ? '–' : msText(pb), ratio(pb, pa)]);
  }
  rows.push(['questions timed', String(a.questionsTimed), b ? String(b.questionsTimed) : '–', '']);
  const header = `| ${a.papers.toLocaleString('en')} papers | paperbot (SQLite FTS5) | MiniSearch | MiniSearch ÷ paperbot |`;
  return [header, '|---|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}
