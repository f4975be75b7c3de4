import { stemmer } from 'stemmer';
import { tokenize } from './query-builder.js';

/** Letters beyond the shared Porter stem in which two forms may still differ and agree. */
const SURFACE_SLACK = 5;
const K1 = 1.2;

/** A paper of BM25's pool: its score and its text. */
export interface PoolDoc {
  rowid: number;
  score: number;
  title: string;
  abstract: string;
}

export interface AgreementInput {
  /** The query's words as the query builder kept them (prefix words are skipped). */
  words: readonly string[];
  /** BM25's exact top N, best first. */
  pool: readonly PoolDoc[];
  /** Papers in the library. */
  papers: number;
  /** Papers whose index holds the word's Porter stem (its FTS5 document frequency). */
  documentFrequency(word: string): number;
  /** Title matches count this many times an abstract match (as in BM25). */
  titleWeight: number;
}

/**
 * Do these two forms of one Porter stem name the same thing? They do when they differ only
 * in their last few letters ("generalization" / "generalizes", "model" / "modeling"), not
 * when the stem is all they share ("generalization" / "generation" / "general").
 */
export function sameSurface(a: string, b: string): boolean {
  let shared = 0;
  while (shared < a.length && shared < b.length && a[shared] === b[shared]) shared++;
  return shared >= Math.max(a.length, b.length) - SURFACE_SLACK;
}

/**
 * BM25's pool re-scored: each paper's BM25 score plus, for every query word whose Porter
 * stem the pool shows folding other words in ("generalization" → "gener", as "generation"),
 * the information the word's own form adds: the idf of the form (its document frequency
 * estimated as the stem's times the share of the pool's stem matches that have the form)
 * less the stem's idf, times BM25's saturated count of the form in the paper. A word whose
 * stem folds nothing in the pool changes nothing. Best first; ties keep BM25's order.
 */
export function rerankBySurface(input: AgreementInput): { rowid: number; score: number }[] {
  const { pool, papers } = input;
  const words = [...new Set(input.words.filter((w) => !w.endsWith('*')))];
  const stems = new Map(words.map((w) => [w, stemOf(w)]));
  const wanted = new Set(stems.values());
  // Per pool paper: for each wanted stem, the weighted counts of the query's own form and of the stem.
  const counts = pool.map((doc) => countForms(doc, words, stems, wanted, input.titleWeight));
  const bonus = new Float64Array(pool.length);
  for (const word of words) {
    let withStem = 0;
    let withForm = 0;
    for (const c of counts) {
      if ((c.get(word)?.stem ?? 0) > 0) withStem++;
      if ((c.get(word)?.form ?? 0) > 0) withForm++;
    }
    if (withStem === withForm) continue;
    const df = input.documentFrequency(word);
    const formDf = (df * (withForm + 0.5)) / (withStem + 0.5);
    const extra = idf(papers, formDf) - idf(papers, df);
    if (extra <= 0) continue;
    counts.forEach((c, i) => {
      const f = c.get(word)?.form ?? 0;
      if (f > 0) bonus[i]! += (extra * f * (K1 + 1)) / (f + K1);
    });
  }
  return pool
    .map((doc, i) => ({ rowid: doc.rowid, score: doc.score + bonus[i]!, i }))
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .map(({ rowid, score }) => ({ rowid, score }));
}

/** FTS5's bm25() idf, floored as FTS5 floors it. */
function idf(papers: number, df: number): number {
  return Math.max(Math.log((papers - df + 0.5) / (df + 0.5)), 0) || 1e-6;
}

const stemCache = new Map<string, string>();
function stemOf(word: string): string {
  let stem = stemCache.get(word);
  if (stem === undefined) {
    if (stemCache.size > 50_000) stemCache.clear();
    stemCache.set(word, (stem = stemmer(word)));
  }
  return stem;
}

function countForms(
  doc: PoolDoc,
  words: readonly string[],
  stems: ReadonlyMap<string, string>,
  wanted: ReadonlySet<string>,
  titleWeight: number,
): Map<string, { stem: number; form: number }> {
  const out = new Map<string, { stem: number; form: number }>();
  for (const [text, weight] of [
    [doc.title, titleWeight],
    [doc.abstract, 1],
  ] as const) {
    for (const { word: token } of tokenize(text)) {
      const stem = stemOf(token);
      if (!wanted.has(stem)) continue;
      for (const word of words) {
        if (stems.get(word) !== stem) continue;
        let c = out.get(word);
        if (!c) out.set(word, (c = { stem: 0, form: 0 }));
        c.stem += weight;
        if (sameSurface(word, token)) c.form += weight;
      }
    }
  }
  return out;
}
