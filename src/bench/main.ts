import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectRoot } from '../app/project-paths.js';
import { benchInputs } from './bench-inputs.js';
import { parseBenchArgs, type BenchOptions, type Engine } from './bench-options.js';
import type { EngineResult } from './engine-run.js';
import { renderNotes } from './render-notes.js';
import { latency, renderTable, topOverlap } from './report.js';
import { runMiniSearch } from './run-minisearch.js';
import { renderTargets } from './targets.js';
import { ingestPaperbot, searchPaperbot } from './run-paperbot.js';

/**
 * `npm run bench`: paperbot and MiniSearch on the same synthetic library and the same
 * questions. Each engine runs in a process of its own, one after the other, so that
 * its peak memory is its own and neither competes with the other for the CPU.
 */

/**
 * MiniSearch's index took 4.4 kB of heap per paper at 200,000 papers; building it and
 * answering (every query allocates a result per matching paper) needs about three times
 * that before the collector catches up. Its heap is capped at RAM_SHARE of the machine.
 */
const MINISEARCH_BYTES_PER_PAPER = 13_000;
const RAM_SHARE = 0.6;
const log = (line: string) => process.stderr.write(`${line}\n`);

const options = parseBenchArgs(process.argv.slice(2));
if (options.engine) await runEngine(options);
else runBench(options);

async function runEngine(options: BenchOptions): Promise<void> {
  const run = benchInputs(options, log);
  const dbPath = options.dbPath ?? join(tmpdir(), `paperbot-bench-${process.pid}.db`);
  const result =
    options.engine === 'paperbot'
      ? ingestPaperbot(run, dbPath)
      : options.engine === 'paperbot-search'
        ? await searchPaperbot(run, dbPath, options.exhaustiveSample)
        : runMiniSearch({ ...run, questions: run.questions.slice(0, options.minisearchSample) });
  if (options.resultFile) writeFileSync(options.resultFile, JSON.stringify(result));
  else console.log(JSON.stringify(result));
}

function runBench(options: BenchOptions): void {
  const started = performance.now();
  const { questions } = benchInputs(options, log);
  const size = options.size.toLocaleString('en');
  const heapMb = Math.floor((totalmem() * RAM_SHARE) / 2 ** 20);
  const needMb = Math.ceil((options.size * MINISEARCH_BYTES_PER_PAPER) / 2 ** 20);
  let skipped: string | undefined;
  if (!options.minisearch) skipped = 'MiniSearch skipped (--no-minisearch).';
  else if (needMb > heapMb) {
    skipped = `MiniSearch skipped: at ${size} papers it would need about ${needMb.toLocaleString('en')} MB, more than ${RAM_SHARE * 100}% of this machine's ${Math.round(totalmem() / 2 ** 30)} GB (use a smaller --size).`;
  }
  if (skipped) log(skipped);

  log(`paperbot: ingesting ${size} synthetic papers, then timing ${questions.length} questions…`);
  const dbPath = join(tmpdir(), `paperbot-bench-${process.pid}.db`);
  const dbFiles = ['', '-wal', '-shm'].map((suffix) => dbPath + suffix);
  const removeDb = () => dbFiles.forEach((file) => rmSync(file, { force: true }));
  removeDb();
  process.once('exit', removeDb);
  const ingested = child(options, 'paperbot', undefined, dbPath);
  const searched =
    typeof ingested === 'string' ? ingested : child(options, 'paperbot-search', undefined, dbPath);
  removeDb();
  if (typeof ingested === 'string' || typeof searched === 'string') {
    log(
      `The paperbot run failed (${String(typeof ingested === 'string' ? ingested : searched)}); no figures.`,
    );
    process.exitCode = 1;
    return;
  }
  const paperbot: EngineResult = { ...ingested, ...searched };

  let mini: EngineResult | undefined;
  if (!skipped) {
    const sample = Math.min(options.minisearchSample, questions.length);
    log(`MiniSearch: indexing the same ${size} papers, then timing ${sample} of the questions…`);
    const result = child(options, 'minisearch', heapMb);
    if (typeof result === 'string') skipped = `MiniSearch did not finish: ${result}`;
    else mini = result;
  }

  const wallSeconds = (performance.now() - started) / 1000;
  const overlap = mini ? topOverlap(paperbot.top, mini.top) : undefined;
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown CPU',
    cores: cpus().length,
    node: process.version,
    memoryGb: Math.round(totalmem() / 2 ** 30),
  };
  console.log(renderTable(options.size, paperbot, mini));
  console.log('');
  console.log(renderTargets(paperbot));
  console.log('');
  const run = { options, questions: questions.length, paperbot, mini, overlap, skipped, heapMb };
  console.log(renderNotes(run, machine, wallSeconds));

  const outDir = join(projectRoot(), 'bench-out');
  mkdirSync(outDir, { recursive: true });
  const summary = (r: EngineResult) => ({
    ...r,
    top: undefined,
    exhaustive: r.exhaustive ? latency(r.exhaustive.latenciesMs) : undefined,
    ...latency(r.latenciesMs),
  });
  const report = {
    options: { ...options, engine: undefined, resultFile: undefined },
    machine,
    wallSeconds,
    paperbot: summary(paperbot),
    minisearch: mini ? summary(mini) : null,
    paperbotOnMinisearchSample: mini
      ? latency(paperbot.latenciesMs.slice(0, mini.latenciesMs.length))
      : null,
    top10Overlap: overlap ?? null,
    minisearchHeapCapMb: mini ? heapMb : null,
    skipped: skipped ?? null,
  };
  writeFileSync(join(outDir, `bench-${options.size}.json`), `${JSON.stringify(report, null, 2)}\n`);
  log(`Written to bench-out/bench-${options.size}.json`);
}

/** Runs one engine in a child process; its result, or why there is none. */
function child(
  options: BenchOptions,
  engine: Engine,
  heapMb?: number,
  dbPath?: string,
): EngineResult | string {
  const resultFile = join(tmpdir(), `paperbot-bench-${process.pid}-${engine}.json`);
  const args = [
    ...process.execArgv.filter((arg) => !arg.startsWith('--max-old-space-size')),
    ...(heapMb ? [`--max-old-space-size=${heapMb}`] : []),
    '--expose-gc',
    fileURLToPath(import.meta.url),
    ...process.argv.slice(2),
    '--engine',
    engine,
    '--result-file',
    resultFile,
    ...(dbPath ? ['--db-path', dbPath] : []),
  ];
  try {
    const ran = spawnSync(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    if (ran.error) return ran.error.message;
    if (ran.status !== 0) return ran.signal ? `killed by ${ran.signal}` : `exit code ${ran.status}`;
    return JSON.parse(readFileSync(resultFile, 'utf8')) as EngineResult;
  } finally {
    rmSync(resultFile, { force: true });
  }
}
