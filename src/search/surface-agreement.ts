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
  while (shared < a.length && shared < b.length && a[shared] === b[shared]) shared++;
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
    { tokens: tokensOf(doc.title), weight: input.titleWeight },
    { tokens: tokensOf(doc.abstract), weight: 1 },
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
    const extra = idf(papers, formDf) - idf(papers, df);
    if (extra <= 0) continue;
    forms.forEach((f, i) => {
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

interface Token {
  word: string;
  stem: string;
}

function tokensOf(text: string): Token[] {
  return tokenize(text).map(({ word }) => ({ word, stem: stemOf(word) }));
}

/**
 * In one paper: whether it has every word of the unit by stem (`stem`), and the weighted
 * count of the unit's own form, its words in sequence (`form`).
 */
function countUnit(
  unit: readonly string[],
  columns: readonly { tokens: readonly Token[]; weight: number }[],
): { stem: boolean; form: number } {
  const stems = unit.map(stemOf);
  const seen = stems.map(() => false);
  let form = 0;
  for (const { tokens, weight } of columns) {
    for (let i = 0; i < tokens.length; i++) {
      const at = stems.indexOf(tokens[i]!.stem);
      if (at >= 0) seen[at] = true;
      if (
        i + unit.length <= tokens.length &&
        unit.every((word, j) => {
          const token = tokens[i + j]!;
          return token.stem === stems[j] && sameSurface(word, token.word);
        })
      ) {
        form += weight;
      }
    }
  }
  return { stem: seen.every(Boolean), form };
}
