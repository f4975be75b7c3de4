import type { Db } from '../db/open-database.js';
import { createMatchQueries } from './match-queries.js';
import { matchPhrase, tokenize } from './query-builder.js';
import type { Search, SearchHit } from './search-papers.js';
import { STOP_WORDS } from './stop-words.js';

/** How many of a paper's most distinctive words make the "more like this" query. */
const QUERY_TERMS = 20;

export interface Similar {
  /** Papers most like `paper` (never the paper itself), best first. */
  similar(paper: { id: string; title: string; abstract: string }, limit: number): SearchHit[];
}

/**
 * "More like this": the paper's most distinctive words (tf × idf over its title, counted
 * twice, and abstract) become a BM25 query over the rest of the library.
 */
export function createSimilar(db: Db, search: Search): Similar {
  const queries = createMatchQueries(db);
  return {
    similar(paper, limit) {
      const counts = new Map<string, number>();
      const add = (text: string, weight: number) => {
        for (const { word } of tokenize(text)) {
          if (STOP_WORDS.has(word) || word.length < 3 || /^\d+$/.test(word)) continue;
          counts.set(word, (counts.get(word) ?? 0) + weight);
        }
      };
      add(paper.title, 2);
      add(paper.abstract, 1);
      const n = queries.paperCount();
      const terms = [...counts]
        .map(([word, tf]) => {
          const d = queries.documentFrequency(matchPhrase(word));
          return { word, weight: tf * Math.log(1 + (n - d + 0.5) / (d + 0.5)) };
        })
        .sort((a, b) => b.weight - a.weight || a.word.localeCompare(b.word))
        .slice(0, QUERY_TERMS)
        .map((t) => t.word);
      if (terms.length === 0) return [];
      return search
        .search(terms.join(' '), { limit: limit + 1 })
        .hits.filter((hit) => hit.id !== paper.id)
        .slice(0, limit);
    },
  };
}
