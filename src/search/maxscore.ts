import type { Fts5Index, Postings, TermStats } from '../fts5/reader.js';

export type { TermStats } from '../fts5/reader.js';

/** FTS5's bm25() constants (ext/fts5/fts5_aux.c). */
const K1 = 1.2;
const B = 0.75;
/** Slack for floating-point sums taken in a different order than FTS5's. */
const EPSILON = 1e-9;
/**
 * Counting a candidate's terms from its text (FTS5 tokenizes it in a temp table) costs
 * about as much as reading and decoding this many bytes of doclist (about 5 ns a byte).
 * Calibrated on the bench libraries: 8,000 / 16,000 / 32,000 gave p95 17.0 / 16.8 / 17.6
 * ms at 200,000 papers and 73.6 / 64.3 / 65.2 ms at 1,000,000.
 */
const RESCORE_COST = 16_000;

export interface RankSources {
  index: Fts5Index;
  stats(term: string): TermStats;
  /** Exact per-column counts of `terms` in the given rows, for the last few candidates. */
  countInRows(
    rowids: readonly number[],
    terms: readonly string[],
  ): Map<string, Map<number, number[]>>;
}

export interface RankOptions {
  /** One index term per query phrase, in query order (a term may repeat). */
  phrases: readonly string[];
  k: number;
  /** Column weights, as passed to bm25(). */
  weights: readonly number[];
  /** At most this many candidates are counted from their text rather than from postings. */
  rescoreLimit?: number;
  /** What counting one candidate from its text costs, in doclist bytes (tests lower it). */
  rescoreCost?: number;
}

export interface Ranked {
  rowid: number;
  score: number;
}

export interface RankTrace {
  /** Terms whose doclists were read, in order. */
  read: string[];
  /** Terms counted in the candidates' text instead. */
  rescored: string[];
  candidates: number;
}

/**
 * The exact BM25 top k, as FTS5's bm25() would rank every matching row, without scoring
 * every matching row (MaxScore, term at a time). A term's contribution to any row is
 * below its bound, idf × (k1 + 1). Terms are read rarest (highest bound) first; once
 * the bounds of the unread terms add up to less than the k-th best partial score, no
 * row outside the candidates can reach the top k, and a candidate whose partial score
 * plus those bounds is below it is dropped. What is left is scored in full, from the
 * remaining doclists or, for a few candidates, from their text.
 */
export function rankTopK(
  sources: RankSources,
  options: RankOptions,
): { hits: Ranked[]; trace: RankTrace } {
  const trace: RankTrace = { read: [], rescored: [], candidates: 0 };
  const { rows, columnTokens } = sources.index.totals();
  if (rows === 0 || options.phrases.length === 0) return { hits: [], trace };
  const avgdl = columnTokens.reduce((a, b) => a + b, 0) / rows;

  const multiplicity = new Map<string, number>();
  for (const term of options.phrases) multiplicity.set(term, (multiplicity.get(term) ?? 0) + 1);
  const terms = [...multiplicity.keys()]
    .map((term) => {
      const stats = sources.stats(term);
      const idf = Math.max(Math.log((rows - stats.docs + 0.5) / (stats.docs + 0.5)), 0) || 1e-6;
      const weight = multiplicity.get(term)! * idf;
      return { term, stats, weight, bound: weight * (K1 + 1) };
    })
    .filter((t) => t.stats.docs > 0)
    .sort((a, b) => b.bound - a.bound || a.stats.docs - b.stats.docs);

  const lengths = sources.index.docLengths();
  const weights = options.weights;
  const cols = weights.length;
  const normOf = (rowid: number) => K1 * (1 - B + (B * (lengths[rowid] ?? 0)) / avgdl);
  const contribution = (weight: number, counts: ArrayLike<number>, rowid: number) => {
    let f = 0;
    for (let c = 0; c < cols; c++) f += weights[c]! * counts[c]!;
    return f === 0 ? 0 : (weight * (f * (K1 + 1))) / (f + normOf(rowid));
  };

  // Partial scores, dense by rowid while rows may still enter; then only the candidates.
  const scores = accumulatorFor(lengths);
  scores.track(options.k);
  try {
    let candidates: Int32Array | undefined;
    const rescoreLimit = options.rescoreLimit ?? 200;
    for (let i = 0; i < terms.length; i++) {
      const { term, weight } = terms[i]!;
      // Few candidates left and long doclists to go: count the rest in their text.
      const restBytes = terms.slice(i).reduce((sum, t) => sum + t.stats.bytes, 0);
      if (
        candidates &&
        candidates.length <= rescoreLimit &&
        candidates.length * (options.rescoreCost ?? RESCORE_COST) < restBytes
      ) {
        const rest = terms.slice(i);
        const counts = sources.countInRows(
          [...candidates],
          rest.map((t) => t.term),
        );
        for (const t of rest) {
          for (const [rowid, columns] of counts.get(t.term) ?? []) {
            scores.add(rowid, contribution(t.weight, columns, rowid));
          }
          trace.rescored.push(t.term);
        }
        break;
      }
      trace.read.push(term);
      const list = sources.index.postings(term, weights, candidates ? scores.seen : undefined);
      scores.addPostings(list, weight, avgdl, lengths, candidates !== undefined);
      const rest = terms.slice(i + 1).reduce((sum, t) => sum + t.bound, 0);
      // Any k rows' partial scores bound the final k-th best from below; the k best
      // partial scores, dropped rows' included, are tracked as they are added.
      const threshold = scores.kth() - EPSILON;
      if (!candidates && rest < threshold) candidates = scores.touched();
      if (candidates) {
        // Drop the rows that cannot reach the top k even with every unread term.
        let kept = 0;
        for (let c = 0; c < candidates.length; c++) {
          const rowid = candidates[c]!;
          if (scores.values[rowid]! + rest >= threshold) candidates[kept++] = rowid;
          else scores.forget(rowid);
        }
        candidates = candidates.subarray(0, kept);
      }
      trace.candidates = Math.max(trace.candidates, candidates?.length ?? scores.count());
    }

    const hits = [...(candidates ?? scores.touched())].map((rowid) => ({
      rowid,
      score: scores.values[rowid]!,
    }));
    hits.sort((a, b) => b.score - a.score || a.rowid - b.rowid);
    return { hits: hits.slice(0, options.k), trace };
  } finally {
    scores.clear();
    sources.index.release();
  }
}

type Accumulator = ReturnType<typeof accumulator>;
/** One accumulator per row-length table, reused (and cleared) query after query. */
const accumulators = new WeakMap<Uint32Array, Accumulator>();

function accumulatorFor(lengths: Uint32Array): Accumulator {
  let scores = accumulators.get(lengths);
  if (!scores) accumulators.set(lengths, (scores = accumulator(lengths.length)));
  return scores;
}

/** Scores by rowid in a dense array, with the list of rows touched. */
function accumulator(size: number) {
  const values = new Float64Array(size);
  /** 1 for a row being scored, 2 for one dropped, 0 for one not seen. */
  const seen = new Uint8Array(size);
  let touched = new Int32Array(1024);
  let count = 0;
  const touch = (rowid: number) => {
    if (rowid >= size) throw new Error(`row ${rowid} has no length in the index`);
    seen[rowid] = 1;
    if (count === touched.length) {
      const grown = new Int32Array(count * 2);
      grown.set(touched);
      touched = grown;
    }
    touched[count++] = rowid;
  };
  // The k best partial scores so far, one per row: partial scores only grow, so a row
  // whose score rises is offered again, and the least of these is the k-th best.
  let k = 0;
  let topRows = new Int32Array(0);
  let topScores = new Float64Array(0);
  let topCount = 0;
  let topMin = -Infinity;
  let topMinAt = 0;
  const findMin = () => {
    topMinAt = 0;
    for (let i = 1; i < k; i++) if (topScores[i]! < topScores[topMinAt]!) topMinAt = i;
    topMin = topScores[topMinAt]!;
  };
  const offer = (rowid: number, score: number) => {
    if (topCount === k && score <= topMin) return;
    for (let i = 0; i < topCount; i++) {
      if (topRows[i] === rowid) {
        topScores[i] = score;
        if (topCount === k && i === topMinAt) findMin();
        return;
      }
    }
    if (topCount < k) {
      topRows[topCount] = rowid;
      topScores[topCount++] = score;
      if (topCount === k) findMin();
      return;
    }
    topRows[topMinAt] = rowid;
    topScores[topMinAt] = score;
    findMin();
  };
  return {
    values,
    seen,
    /** Starts tracking the k best partial scores (call before the first addition). */
    track(best: number) {
      k = best;
      if (topRows.length < k) {
        topRows = new Int32Array(k);
        topScores = new Float64Array(k);
      }
      topCount = 0;
      topMin = -Infinity;
    },
    /** The k-th best partial score of any row so far, or -Infinity with fewer than k. */
    kth: () => (topCount < k ? -Infinity : topMin),
    add(rowid: number, value: number) {
      if (seen[rowid] !== 1) touch(rowid);
      values[rowid] = values[rowid]! + value;
      offer(rowid, values[rowid]!);
    },
    /**
     * Adds a term's contribution for each posting, as bm25() computes it. With
     * `onlySeen`, the postings are already restricted to the rows being scored.
     */
    addPostings(
      list: Postings,
      weight: number,
      avgdl: number,
      lengths: Uint32Array,
      onlySeen: boolean,
    ) {
      const { rowids, freqs } = list;
      for (let p = 0; p < list.length; p++) {
        const rowid = rowids[p]!;
        const f = freqs[p]!;
        if (!onlySeen && seen[rowid] !== 1) touch(rowid);
        if (f === 0) continue;
        const norm = K1 * (1 - B + (B * lengths[rowid]!) / avgdl);
        const score = values[rowid]! + (weight * (f * (K1 + 1))) / (f + norm);
        values[rowid] = score;
        if (score > topMin || topCount < k) offer(rowid, score);
      }
    },
    forget(rowid: number) {
      seen[rowid] = 2;
    },
    touched: () => touched.slice(0, count),
    count: () => count,
    /** Back to all zeros, for the next query. */
    clear() {
      for (let i = 0; i < count; i++) {
        values[touched[i]!] = 0;
        seen[touched[i]!] = 0;
      }
      count = 0;
    },
  };
}
