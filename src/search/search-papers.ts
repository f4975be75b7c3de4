import type { Db } from '../db/open-database.js';
import { buildFtsQuery } from './query-builder.js';

export interface SearchHit {
  /** The row in the library (internal; not shown to users). */
  rowid: number;
  id: string;
  title: string;
  /** BM25 relevance, higher is better (SQLite's bm25() negated). */
  score: number;
  /** ISO yyyy-mm-dd when known. */
  date: string | null;
  /** The date as the source wrote it, e.g. "Jun 18" when the year was not given. */
  dateText: string | null;
  /** A piece of the abstract with the matched words in **bold**. */
  snippet: string;
  abstract: string;
  arxivId: string | null;
}

export interface SearchResponse {
  query: string;
  terms: string[];
  hits: SearchHit[];
  /** Set when the query had nothing to search for. */
  message?: string;
}

export interface SearchOptions {
  limit?: number;
}

export interface Search {
  search(query: string, options?: SearchOptions): SearchResponse;
}

/** Title matches count this many times an abstract match in BM25. */
export const TITLE_WEIGHT = 8;
export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 100;

interface HitRow {
  rowid: number;
  id: string;
  abstract: string;
  arxiv_id: string | null;
  title: string;
  score: number;
  published: string | null;
  date_raw: string | null;
  snippet: string;
}

/** Exhaustive BM25 ranking over titles and abstracts with FTS5. */
export function createSearch(db: Db): Search {
  const statement = db.prepare<[string, number], HitRow>(
    `SELECT p.rowid, p.id, p.title, p.abstract, p.arxiv_id, p.published, p.date_raw,
            -bm25(papers_fts, ${TITLE_WEIGHT}, 1.0) AS score,
            snippet(papers_fts, 1, '**', '**', '…', 40) AS snippet
       FROM papers_fts JOIN papers p ON p.rowid = papers_fts.rowid
      WHERE papers_fts MATCH ?
      ORDER BY bm25(papers_fts, ${TITLE_WEIGHT}, 1.0)
      LIMIT ?`,
  );
  return {
    search(query, options = {}) {
      const limit = clampLimit(options.limit);
      const built = buildFtsQuery(query);
      if (!built.ok) return { query, terms: [], hits: [], message: built.message };
      const hits = statement.all(built.match, limit).map(
        (row): SearchHit => ({
          rowid: row.rowid,
          id: row.id,
          title: row.title,
          score: Math.round(row.score * 1000) / 1000,
          date: row.published,
          dateText: row.date_raw,
          snippet: row.snippet,
          abstract: row.abstract,
          arxivId: row.arxiv_id,
        }),
      );
      return { query, terms: built.terms, hits };
    },
  };
}

function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_LIMIT;
  return Math.min(MAX_LIMIT, Math.max(1, Math.floor(limit)));
}
