import type { PaperVectors } from './paper-vectors.js';
import type { Search, SearchResponse } from './search-papers.js';

/** Texts in, one vector each out (the bundled encoder or a server: src/llm/embedder.ts). */
export interface Embedder {
  /** Names the model, so that vectors of different models are never compared. */
  readonly name: string;
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}

export interface FusedSearchOptions {
  /** The meaning signal's share of the fused score (the words' is the rest). */
  weight?: number;
  /** How many papers each signal puts forward before they are fused. */
  pool?: number;
}

/** Search that ranks by words (BM25) and by meaning (sentence vectors) together. */
export interface FusedSearch {
  search(query: string, options?: { limit?: number }): Promise<SearchResponse>;
}

/**
 * BM25's top `pool` and the `pool` papers nearest the question by meaning, fused by z-score
 * interpolation over their union: (1 − weight) · z(BM25) + weight · z(cosine). A paper
 * outside BM25's pool scores 0 there; a paper with no vector yet counts as the average
 * (z = 0) by meaning, so it is found by its words. If the question can't be embedded, the
 * answer is BM25's. See ./README.md.
 */
export function createFusedSearch(
  deps: { search: Search; vectors: PaperVectors; embedder: Embedder },
  options: FusedSearchOptions = {},
): FusedSearch {
  const weight = options.weight ?? 0.3;
  const pool = options.pool ?? 50;
  return {
    async search(query, { limit = 10 } = {}) {
      // Asked first: an encoder in a thread of its own embeds while the words are ranked here.
      const embedding = deps.embedder.embed([query]).then(
        ([vector]) => vector,
        () => undefined,
      );
      // Ranked without rows or snippets: only the hits shown are described (10 of 50).
      const { ranked, ...lexical } = deps.search.rank(query, { limit: Math.max(pool, limit) });
      if (lexical.message) return { ...lexical, hits: [] };
      // Described while the encoder works: these are shown whatever the meaning adds.
      const lexicalHits = deps.search.describe(query, ranked.slice(0, limit));
      const bm25 = new Map(ranked.map((h) => [h.rowid, h.score]));
      const vector = await embedding;
      let near: ReturnType<PaperVectors['nearest']> | undefined;
      try {
        if (vector) near = deps.vectors.nearest(vector, pool, [...bm25.keys()]);
      } catch {
        near = undefined;
      }
      if (!near || near.top.length === 0) return { ...lexical, hits: lexicalHits };
      const cosine = near.cosines;
      const rowids = [...new Set([...bm25.keys(), ...near.top.map((t) => t.rowid)])];
      // Not in BM25's pool: no better than its last (0 for a paper the words miss entirely).
      const zb = zScores(rowids.map((r) => bm25.get(r) ?? 0));
      const zc = zScores(rowids.map((r) => cosine.get(r)));
      const fused = rowids
        .map((rowid, i) => ({ rowid, score: (1 - weight) * zb[i]! + weight * zc[i]! }))
        .sort((a, b) => b.score - a.score || a.rowid - b.rowid)
        .slice(0, limit);
      const known = new Map(lexicalHits.map((h) => [h.rowid, h]));
      // A paper found by meaning alone: its BM25 score is outside the pool, counted as 0.
      const missing = fused
        .filter((f) => !known.has(f.rowid))
        .map((f) => ({ rowid: f.rowid, score: bm25.get(f.rowid) ?? 0 }));
      for (const hit of deps.search.describe(query, missing)) known.set(hit.rowid, hit);
      const hits = fused.flatMap((f) => {
        const hit = known.get(f.rowid);
        return hit ? [{ ...hit, fused: Math.round(f.score * 1000) / 1000 }] : [];
      });
      return { ...lexical, hits, lexicalHits };
    },
  };
}

/** z-scores of the values present; an absent value scores 0 (the mean). */
function zScores(values: readonly (number | undefined)[]): number[] {
  const present = values.filter((v): v is number => v !== undefined);
  if (present.length === 0) return values.map(() => 0);
  const mean = present.reduce((a, b) => a + b, 0) / present.length;
  const sd = Math.sqrt(present.reduce((a, b) => a + (b - mean) ** 2, 0) / present.length) || 1;
  return values.map((v) => (v === undefined ? 0 : (v - mean) / sd));
}
