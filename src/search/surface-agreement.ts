import { stemmer } from 'stemmer';

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
  /** Expressions of the query that name one thing ("large language models"), word by word. */
  expressions?: readonly (readonly string[])[];
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
  // Past the end of either word the characters differ (a letter and undefined).
  while (shared < a.length && a[shared] === b[shared]) shared++;
  return shared >= Math.max(a.length, b.length) - SURFACE_SLACK;
}

/**
 * BM25's pool re-scored: each paper's BM25 score plus, for every query word whose Porter
 * stem the pool shows folding other words in ("generalization" → "gener", as "generation"),
 * the information the word's own form adds: the idf of the form (its document frequency
 * estimated as the stem's times the share of the pool's stem matches that have the form)
 * less the stem's idf, times BM25's saturated count of the form in the paper. A word whose
 * stem folds nothing in the pool changes nothing. An expression ("large language models")
 * counts the same way as one unit: its words anywhere are its stem, the words in sequence
 * its form. Best first; ties keep BM25's order.
 */
export function rerankBySurface(input: AgreementInput): { rowid: number; score: number }[] {
  const { pool, papers } = input;
  const units = [
    ...[...new Set(input.words.filter((w) => !w.endsWith('*')))].map((w) => [w]),
    ...(input.expressions ?? []).filter((e) => e.length > 1),
  ];
  const texts = pool.map((doc) => [
    { text: doc.title.toLowerCase(), weight: input.titleWeight },
    { text: doc.abstract.toLowerCase(), weight: 1 },
  ]);
  const bonus = new Float64Array(pool.length);
  for (const unit of units) {
    const counts = texts.map((columns) => countUnit(unit, columns));
    const withStem = counts.filter((c) => c.stem).length;
    const forms = counts.map((c) => c.form);
    const withForm = forms.filter((f) => f > 0).length;
    if (withStem === withForm) continue;
    const df = Math.min(...unit.map((word) => input.documentFrequency(word)));
    const formDf = (df * (withForm + 0.5)) / (withStem + 0.5);
    // Never negative: fewer papers have the form than the stem, and idf falls as df grows.
    const extra = idf(papers, formDf) - idf(papers, df);
    forms.forEach((f, i) => {
      bonus[i]! += (extra * f * (K1 + 1)) / (f + K1);
    });
  }
  // Array sort is stable: ties keep BM25's order.
  return pool
    .map((doc, i) => ({ rowid: doc.rowid, score: doc.score + bonus[i]! }))
    .sort((a, b) => b.score - a.score);
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

interface Column {
  /** Lower case. */
  text: string;
  weight: number;
}

/** A word as the index reads one: letters and digits (an apostrophe, like any other mark, ends it). */
const WORD = /[\p{L}\p{N}]+/uy;
const WORD_CHAR = /[\p{L}\p{N}]/u;

/** The word that starts at `at`, and where it ends. */
function wordAt(text: string, at: number): { word: string; end: number } | undefined {
  if (at > 0 && WORD_CHAR.test(text[at - 1]!)) return undefined;
  WORD.lastIndex = at;
  const match = WORD.exec(text);
  if (!match) return undefined;
  return { word: match[0], end: at + match[0].length };
}

/** The next `n` words from `at` on (fewer at the end of the text). */
function wordsFrom(text: string, at: number, n: number): string[] {
  const words: string[] = [];
  const pattern = /[\p{L}\p{N}]+/gu;
  pattern.lastIndex = at;
  for (let m; words.length < n && (m = pattern.exec(text));) words.push(m[0]);
  return words;
}

/**
 * In one paper: whether it has every word of the unit by stem (`stem`), and the weighted
 * count of the unit's own form, its words in sequence (`form`). Only the words that begin
 * as a query word's stem begins are looked at, not every word of the text.
 */
function countUnit(
  unit: readonly string[],
  columns: readonly Column[],
): { stem: boolean; form: number } {
  const stems = unit.map(stemOf);
  const seen = stems.map(() => false);
  let form = 0;
  for (const { text, weight } of columns) {
    stems.forEach((stem, i) => {
      const word = unit[i]!;
      const key = familyPrefix(word, stem);
      for (let at = text.indexOf(key); at >= 0; at = text.indexOf(key, at + 1)) {
        const found = wordAt(text, at);
        if (!found || stemOf(found.word) !== stem) continue;
        seen[i] = true;
        if (i !== 0 || !sameSurface(word, found.word)) continue;
        const rest = wordsFrom(text, found.end, unit.length - 1);
        const inSequence = rest.every(
          (next, j) => stemOf(next) === stems[j + 1] && sameSurface(unit[j + 1]!, next),
        );
        if (rest.length === unit.length - 1 && inSequence) form += weight;
      }
    });
  }
  return { stem: seen.every(Boolean), form };
}

/**
 * The start every word of a stem's family begins with: what the word shares with its stem,
 * short of the stem's last letter, which Porter may have changed ("studies" → "studi", as
 * "study"; "scale", as "scaling"). On the bundled library and GloVe's 21,000 words, no word
 * of a family lacks it; the stem itself as the start missed 1 pair in 100 ("queries" and
 * "query").
 */
function familyPrefix(word: string, stem: string): string {
  let n = 0;
  while (n < stem.length - 1 && word[n] === stem[n]) n++;
  return word.slice(0, Math.max(n, 1));
}
