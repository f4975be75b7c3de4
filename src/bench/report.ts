import type { EngineResult, FusedParts } from './engine-run.js';

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
 * Where the search by words and meaning spends its time on the real questions, p50 / p95
 * of each part: the encoder alone, then inside the fused search the words, the vector's
 * arrival (counted from the start: the encoder runs beside the words) and `nearest`.
 */
export function fusedPartsText(parts: FusedParts): string {
  const pair = (values: readonly number[]) => {
    const l = latency(values);
    return `${ms(l.p50)} / ${ms(l.p95)}`;
  };
  return [
    `encoder alone ${pair(parts.encoderAloneMs)}`,
    `in the search: words ${pair(parts.wordsMs)}`,
    `vector ready ${pair(parts.vectorReadyMs)}`,
    `nearest ${pair(parts.nearestMs)}`,
  ].join('; ');
}

/**
 * The one table: paperbot's search (MaxScore), FTS5's own exhaustive bm25() ranking on
 * the same library, and MiniSearch, side by side, with the ratios. The latency ratios
 * compare on the same questions (each sample is a prefix of the same question list).
 */
export function renderTable(
  size: number,
  paperbot: EngineResult,
  mini: EngineResult | undefined,
): string {
  const all = latency(paperbot.latenciesMs);
  const ex = paperbot.exhaustive;
  const exLat = ex ? latency(ex.latenciesMs) : undefined;
  const oursOnEx = latency(paperbot.latenciesMs.slice(0, ex?.latenciesMs.length ?? 0));
  const oursOnMini = latency(paperbot.latenciesMs.slice(0, mini?.latenciesMs.length ?? 0));
  const theirs = mini ? latency(mini.latenciesMs) : undefined;
  const dash = '–';
  const rows: string[][] = [
    [
      'ingest rate',
      rate(paperbot.ingestRate),
      '(same library)',
      mini ? rate(mini.ingestRate) : dash,
      dash,
      mini ? times(mini.ingestRate, paperbot.ingestRate) : dash,
    ],
    [
      'index size',
      `${mb(paperbot.sizeBytes)} (${paperbot.sizeNote})`,
      '(same file)',
      mini ? `${mb(mini.sizeBytes)} (${mini.sizeNote})` : dash,
      dash,
      mini ? times(mini.sizeBytes, paperbot.sizeBytes) : dash,
    ],
    [
      'peak memory (RSS)',
      `${mb(paperbot.peakRssBytes)} ingesting; ${paperbot.searchRssBytes ? mb(paperbot.searchRssBytes) : dash} searching (fresh process)`,
      dash,
      mini ? mb(mini.peakRssBytes) : dash,
      dash,
      mini ? times(mini.peakRssBytes, paperbot.searchRssBytes ?? paperbot.peakRssBytes) : dash,
    ],
  ];
  for (const p of ['p50', 'p95', 'p99'] as const) {
    rows.push([
      `query ${p}`,
      ms(all[p]),
      exLat ? ms(exLat[p]) : dash,
      theirs ? ms(theirs[p]) : dash,
      exLat ? times(exLat[p], oursOnEx[p]) : dash,
      theirs ? times(theirs[p], oursOnMini[p]) : dash,
    ]);
  }
  for (const [kind, set] of [
    ['generated', paperbot.long],
    ['real', paperbot.real],
  ] as const) {
    if (!set) continue;
    const ours = latency(set.latenciesMs);
    const theirs = latency(set.exhaustiveMs);
    for (const p of ['p50', 'p95'] as const) {
      rows.push([
        `query ${p}, 15–40-word questions (${kind})`,
        ms(ours[p]),
        ms(theirs[p]),
        dash,
        times(theirs[p], ours[p]),
        dash,
      ]);
    }
    rows.push([
      `top 10 = exhaustive, 15–40 words (${kind})`,
      `${(set.agreement * 100).toFixed(1)}% (${set.latenciesMs.length} questions)`,
      '100% (reference)',
      dash,
      '',
      '',
    ]);
  }
  const vectors = paperbot.vectors;
  if (vectors) {
    const perPaper = vectors.heldBytes / (vectors.vectorCount || 1);
    const { recall, fusedTop10, questions } = vectors.agreement;
    const line = (label: string, text: string) => rows.push([label, text, dash, dash, '', '']);
    line(
      'search by meaning: vectors',
      `${mb(paperbot.vectorStore?.bytes ?? 0)} more in the file (int8, 512 dimensions a paper)`,
    );
    line(
      'search by meaning: memory held',
      `${mb(vectors.heldBytes)} (${Math.round(perPaper)} B a paper; ${mb(perPaper * 1_000_000)} at 1,000,000)`,
    );
    line(
      'search by meaning vs exact scan',
      `${(recall * 100).toFixed(1)}% of the 50 nearest; fused top 10 ${(fusedTop10 * 100).toFixed(1)}% the same (${questions} questions)`,
    );
    line(
      'embedding (bundled encoder)',
      `${vectors.embedMsPerPaper.toFixed(0)} ms a paper: ${((vectors.embedMsPerPaper * size) / 3_600_000).toFixed(1)} h for ${size.toLocaleString('en')}`,
    );
    for (const [label, values] of [
      ['query p50 / p95, words + meaning', vectors.fusedMs],
      ['query p50 / p95, words + meaning, 15–40 words (generated)', vectors.fusedLongMs],
      ['query p50 / p95, words + meaning, 15–40 words (real)', vectors.fusedRealMs],
    ] as const) {
      const l = latency(values);
      line(label, `${ms(l.p50)} / ${ms(l.p95)}`);
    }
    if (vectors.fusedRealParts) {
      line('parts p50 / p95, words + meaning (real)', fusedPartsText(vectors.fusedRealParts));
    }
  }
  rows.push([
    'top 10 = exhaustive top 10',
    paperbot.agreement !== undefined ? `${(paperbot.agreement * 100).toFixed(1)}%` : dash,
    '100% (reference)',
    dash,
    '',
    '',
  ]);
  rows.push([
    'questions timed',
    `${paperbot.latenciesMs.length} (${((paperbot.maxscoreShare ?? 0) * 100).toFixed(0)}% by MaxScore)`,
    ex ? String(ex.latenciesMs.length) : dash,
    mini ? String(mini.latenciesMs.length) : dash,
    '',
    '',
  ]);
  const header = `| ${size.toLocaleString('en')} papers | paperbot (FTS5 + MaxScore) | FTS5 exhaustive bm25() | MiniSearch 7 | exhaustive ÷ paperbot | MiniSearch ÷ paperbot |`;
  return [
    header,
    '|---|---:|---:|---:|---:|---:|',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}
