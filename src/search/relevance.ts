import type { Db } from '../db/open-database.js';
import { createMatchQueries } from './match-queries.js';
import { matchPhrase } from './query-builder.js';

export interface TermCoverage {
  /** Share (0–1) of the query's information the hit covers: idf of its matched terms over all. */
  coverage: number;
  /**
   * The information it matches, in units of one term no paper has (so about "how many
   * fully specific words" it shares with the query, whatever the library's size).
   */
  evidence: number;
  /** Query terms (as typed) the hit contains. */
  matched: string[];
}

export interface Relevance {
  /**
   * For each hit rowid, how much of the query it covers. A term no paper contains
   * weighs the most, so a question about a topic the library lacks scores low even
   * when its generic words ("model", "training") match everywhere.
   */
  cover(terms: readonly string[], rowids: readonly number[]): Map<number, TermCoverage>;
  /** The terms no paper in the library contains (stemmed as the index stems). */
  unmatched(terms: readonly string[]): string[];
}

/** Term statistics through FTS5 itself, so stemming always agrees with the index. */
export function createRelevance(db: Db): Relevance {
  const queries = createMatchQueries(db);
  return {
    unmatched: (terms) =>
      terms.filter((term) => queries.documentFrequency(matchPhrase(term)) === 0),
    cover(terms, rowids) {
      const result = new Map<number, TermCoverage>();
      for (const rowid of rowids) result.set(rowid, { coverage: 0, evidence: 0, matched: [] });
      if (terms.length === 0 || rowids.length === 0) return result;
      const n = queries.paperCount();
      let totalWeight = 0;
      const weights = new Map<number, number>();
      for (const term of terms) {
        const match = matchPhrase(term);
        const df = queries.documentFrequency(match);
        const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        totalWeight += idf;
        for (const rowid of queries.rowsMatching(match, rowids)) {
          weights.set(rowid, (weights.get(rowid) ?? 0) + idf);
          result.get(rowid)!.matched.push(term);
        }
      }
      const unit = Math.log(1 + (n + 0.5) / 0.5);
      for (const [rowid, weight] of weights) {
        const entry = result.get(rowid)!;
        entry.coverage = weight / totalWeight;
        entry.evidence = weight / unit;
      }
      return result;
    },
  };
}
