import type { Db } from '../db/open-database.js';
import type { IndexTerms } from '../fts5/index-terms.js';
import { Fts5FormatError, openFts5Index } from '../fts5/reader.js';
import { FTS_COLUMNS, FTS_TABLE } from '../fts5/schema.js';
import {
  rankTopK,
  type Ranked,
  type RankSources,
  type RankTrace,
  type TermStats,
} from './maxscore.js';

/** Ranks a query's exact BM25 top k from FTS5's own index (MaxScore, ./maxscore.ts). */
export interface FastRanker {
  rank(words: readonly string[], limit: number): { hits: Ranked[]; trace: RankTrace } | undefined;
  /** Papers holding the word's index term (from the ranker's statistics), when it has one. */
  documentFrequency(word: string): number | undefined;
  /** Papers in the index, from its totals. */
  papers(): number | undefined;
}

export function tryFastRanker(
  db: Db,
  indexTerms: IndexTerms,
  weights: readonly number[],
  rescoreCost?: number,
): FastRanker | undefined {
  try {
    return createFastRanker(db, indexTerms, weights, rescoreCost);
  } catch {
    return undefined;
  }
}

/**
 * The fast ranker over the library's FTS5 index, or undefined (with the reason logged
 * nowhere: the exhaustive path is always correct) for a query it cannot rank exactly.
 */
function createFastRanker(
  db: Db,
  indexTerms: IndexTerms,
  weights: readonly number[],
  rescoreCost?: number,
): FastRanker {
  const index = openFts5Index(db, FTS_TABLE, FTS_COLUMNS.length);
  const texts = db
    .prepare<[string], [number, string, string]>(
      'SELECT rowid, title, abstract FROM papers WHERE rowid IN (SELECT value FROM json_each(?))',
    )
    .raw();
  let statsKey = '';
  const statsCache = new Map<string, TermStats>();
  const statsOf = (term: string) => {
    const version = index.version();
    if (version !== statsKey) {
      statsCache.clear();
      statsKey = version;
    }
    let stats = statsCache.get(term);
    if (!stats) statsCache.set(term, (stats = index.stats(term)));
    return stats;
  };

  const documentFrequency = (word: string) => {
    const terms = indexTerms.of(word);
    if (terms.length !== 1) return undefined;
    try {
      return statsOf(terms[0]!).docs;
    } catch (error) {
      if (error instanceof Fts5FormatError) return undefined;
      throw error;
    }
  };
  const rank = (words: readonly string[], limit: number) => {
    if (words.some((word) => word.endsWith('*'))) return undefined;
    const phrases: string[] = [];
    for (const word of words) {
      const terms = indexTerms.of(word);
      if (terms.length !== 1) return undefined;
      phrases.push(terms[0]!);
    }
    try {
      const sources: RankSources = {
        index,
        stats: statsOf,
        countInRows(rowids, terms) {
          const docs = texts.all(JSON.stringify(rowids)).map(([rowid, title, abstract]) => ({
            rowid,
            columns: [title, abstract],
          }));
          return indexTerms.count(docs, terms);
        },
      };
      return rankTopK(sources, {
        phrases,
        k: limit,
        weights,
        ...(rescoreCost === undefined ? {} : { rescoreCost }),
      });
    } catch (error) {
      if (error instanceof Fts5FormatError) return undefined;
      throw error;
    }
  };
  const papers = () => {
    try {
      return index.totals().rows;
    } catch (error) {
      if (error instanceof Fts5FormatError) return undefined;
      throw error;
    }
  };
  return { rank, documentFrequency, papers };
}
