import type { EngineResult } from './engine-run.js';

export interface Latency {
  p50: number;
  p95: number;
  p99: number;
}

/** Nearest-rank percentile: with 20 values, p99 is the slowest one. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function latency(values: readonly number[]): Latency {
  return { p50: percentile(values, 50), p95: percentile(values, 95), p99: percentile(values, 99) };
}

/** Mean number of papers two engines' top-10 lists share, over the questions both answered. */
export function topOverlap(a: readonly number[][], b: readonly number[][]): number {
  const n = Math.min(a.length, b.length);
  let shared = 0;
  for (let i = 0; i < n; i++) {
    const theirs = new Set(b[i]);
    shared += a[i]!.filter((id) => theirs.has(id)).length;
  }
  return n === 0 ? Number.NaN : shared / n;
}

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024).toLocaleString('en')} MB`;
const ms = (x: number) =>
  x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(x < 10 ? 1 : 0)} ms`;
const rate = (x: number) => `${Math.round(x).toLocaleString('en')} papers/s`;
const times = (x: number, y: number) => `${(x / y).toFixed(x / y < 10 ? 2 : 1)}×`;

/**
 * The one table: paperbot and MiniSearch side by side, and MiniSearch ÷ paperbot. The
 * latency ratios compare the two on the same sample of questions (paperbot's own
 * column is over every question, with its figure on the sample in brackets).
 */
export function renderTable(
  size: number,
  paperbot: EngineResult,
  mini: EngineResult | undefined,
): string {
  const all = latency(paperbot.latenciesMs);
  const onSample = latency(paperbot.latenciesMs.slice(0, mini?.latenciesMs.length ?? 0));
  const theirs = mini ? latency(mini.latenciesMs) : undefined;
  const rows: string[][] = [
    [
      'ingest rate',
      rate(paperbot.ingestRate),
      mini ? rate(mini.ingestRate) : '–',
      mini ? times(mini.ingestRate, paperbot.ingestRate) : '–',
    ],
    [
      'index size',
      `${mb(paperbot.sizeBytes)} (${paperbot.sizeNote})`,
      mini ? `${mb(mini.sizeBytes)} (${mini.sizeNote})` : '–',
      mini ? times(mini.sizeBytes, paperbot.sizeBytes) : '–',
    ],
    [
      'peak memory (RSS)',
      mb(paperbot.peakRssBytes),
      mini ? mb(mini.peakRssBytes) : '–',
      mini ? times(mini.peakRssBytes, paperbot.peakRssBytes) : '–',
    ],
  ];
  for (const p of ['p50', 'p95', 'p99'] as const) {
    const ours = mini
      ? `${ms(all[p])} (on the ${mini.latenciesMs.length}: ${ms(onSample[p])})`
      : ms(all[p]);
    rows.push([
      `query ${p}`,
      ours,
      theirs ? ms(theirs[p]) : '–',
      theirs ? times(theirs[p], onSample[p]) : '–',
    ]);
  }
  rows.push([
    'questions timed',
    String(paperbot.latenciesMs.length),
    mini ? String(mini.latenciesMs.length) : '–',
    '',
  ]);
  const header = `| ${size.toLocaleString('en')} papers | paperbot (SQLite FTS5) | MiniSearch 7 | MiniSearch ÷ paperbot |`;
  return [header, '|---|---:|---:|---:|', ...rows.map((row) => `| ${row.join(' | ')} |`)].join(
    '\n',
  );
}
