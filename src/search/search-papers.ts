import { titleKey } from '../corpus/paper.js';
import type { Db } from '../db/open-database.js';
import { createIndexTerms, type IndexTerms } from '../fts5/index-terms.js';

import { FTS_COLUMNS, FTS_TABLE, SNIPPET_COLUMN, SNIPPET_TOKENS } from '../fts5/schema.js';
import { tryFastRanker } from './fast-ranker.js';
import type { Ranked, RankTrace } from './maxscore.js';
import { createMatchQueries } from './match-queries.js';
import { buildFtsQuery, matchPhrase } from './query-builder.js';
import { rerankBySurface } from './surface-agreement.js';

export interface SearchHit {
  /** The row in the library (internal; not shown to users). */
  rowid: number;
  id: string;
  title: string;
  /**
   * Relevance by words, higher is better: BM25 (SQLite's bm25() negated) plus what a query
   * word's own form adds where its Porter stem folds other words in (./README.md, Ranking).
   */
  score: number;
  /** In a ranking by words and meaning: the fused score it was ranked by (z-scores). */
  fused?: number;
  /** ISO yyyy-mm-dd when known. */
  date: string | null;
  /** The date as the source wrote it, e.g. "Jun 18" when the year was not given. */
  dateText: string | null;
  /** True when `date`'s year was not written by the source but inferred. */
  dateYearInferred?: boolean;
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
  /** How the top k was found: MaxScore over the index, or FTS5 scoring every match. */
  ranking?: 'maxscore' | 'exhaustive';
  /** For ranking 'maxscore': which doclists were read and how many rows were candidates. */
  trace?: RankTrace;
  /** When `hits` were ranked by more than words: what the words alone ranked first. */
  lexicalHits?: SearchHit[];
}

export interface SearchOptions {
  limit?: number;
}

/** A ranking without its papers' rows or snippets (what `search` describes). */
export type RankedResponse = Omit<SearchResponse, 'hits' | 'lexicalHits'> & {
  /** Best first, each score as a hit reports it. */
  ranked: { rowid: number; score: number }[];
};

export interface Search {
  search(query: string, options?: SearchOptions): SearchResponse;
  /** `search`'s ranking without the hits' rows and snippets (for callers showing a few). */
  rank(query: string, options?: SearchOptions): RankedResponse;
  /**
   * These papers as hits, in this order, with snippets for `query`'s words and the given
   * scores (for rankings made elsewhere, such as the fused one).
   */
  describe(query: string, ranked: readonly { rowid: number; score: number }[]): SearchHit[];
  /** The papers with these ids, as hits in this order (unknown ids left out), snippets for `query`. */
  papers(query: string, ids: readonly string[]): SearchHit[];
}

/** Title matches count this many times an abstract match in BM25. */
export const TITLE_WEIGHT = 8;
export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 100;
/** BM25's exact top this many (or the limit, if larger) are re-ranked by surface agreement. */
export const RERANK_POOL = 30;

interface HitRow {
  rowid: number;
  id: string;
  abstract: string;
  arxiv_id: string | null;
  title: string;
  score: number;
  published: string | null;
  date_raw: string | null;
  date_year_inferred: number;
  snippet: string;
}

/** bm25() weights, one per column of FTS_COLUMNS (title, abstract). */
const WEIGHTS = [TITLE_WEIGHT, 1];

/**
 * BM25 over titles and abstracts, exactly as FTS5's bm25(papers_fts, 8, 1) ranks every
 * matching row. The top k comes from rankTopK (MaxScore over FTS5's own doclists); a
 * query it cannot prove exact for (prefix words, a word the index splits in two, an
 * index layout it does not know) is ranked by FTS5 itself, exhaustively.
 */
export function createSearch(
  db: Db,
  options: { fastPath?: boolean; rescoreCost?: number; rerankPool?: number } = {},
): Search {
  const rerankPool = options.rerankPool ?? RERANK_POOL;
  const exhaustive = db.prepare<[string, number], { rowid: number; score: number }>(
    `SELECT rowid, -bm25(${FTS_TABLE}, ${WEIGHTS.join(', ')}) AS score
       FROM ${FTS_TABLE} WHERE ${FTS_TABLE} MATCH ?
      ORDER BY bm25(${FTS_TABLE}, ${WEIGHTS.join(', ')}) LIMIT ?`,
  );
  const byTitleKey = db
    .prepare<[string], number>('SELECT rowid FROM papers WHERE title_key = ?')
    .pluck();
  // One row's score, for a paper typed by its exact title but outside the top k.
  const scoreOf = db
    .prepare<[string, bigint], number>(
      `SELECT -bm25(${FTS_TABLE}, ${WEIGHTS.join(', ')}) FROM ${FTS_TABLE} WHERE ${FTS_TABLE} MATCH ? AND rowid = ?`,
    )
    .pluck();
  /**
   * The paper whose title the query is, exactly (in any case or punctuation), goes first:
   * someone who types a title means that paper, whatever BM25 makes of its words.
   */
  const titleFirst = (query: string, match: string, hits: Ranked[], limit: number): Ranked[] => {
    const key = titleKey(query);
    const rowid = key ? byTitleKey.get(key) : undefined;
    if (rowid === undefined || hits[0]?.rowid === rowid) return hits.slice(0, limit);
    const held = hits.find((h) => h.rowid === rowid);
    const score = held?.score ?? scoreOf.get(match, BigInt(rowid)) ?? 0;
    return [{ rowid, score }, ...hits.filter((h) => h.rowid !== rowid)].slice(0, limit);
  };
  const row = db.prepare<[number], Omit<HitRow, 'score' | 'snippet'>>(
    'SELECT rowid, id, title, abstract, arxiv_id, published, date_raw, date_year_inferred FROM papers WHERE rowid = ?',
  );
  // The rowid is bound as a BigInt: FTS5 ignores rowid = <REAL> and would return the
  // first matching row's snippet.
  const snippet = db
    .prepare<[string, bigint], string>(
      `SELECT snippet(${FTS_TABLE}, ${SNIPPET_COLUMN}, '**', '**', '…', ${SNIPPET_TOKENS})
         FROM ${FTS_TABLE} WHERE ${FTS_TABLE} MATCH ? AND rowid = ?`,
    )
    .pluck();
  const indexTerms = tryIndexTerms(db);
  const fast =
    options.fastPath === false || !indexTerms
      ? undefined
      : tryFastRanker(db, indexTerms, WEIGHTS, options.rescoreCost);
  /** Snippets of the hits, from the scratch table when there is one. */
  const snippets = (
    papers: readonly Omit<HitRow, 'score' | 'snippet'>[],
    match: string,
  ): Map<number, string> => {
    if (indexTerms) {
      const docs = papers.map((paper) => ({
        rowid: paper.rowid,
        columns: [paper.title, paper.abstract],
      }));
      return indexTerms.snippets(docs, match, SNIPPET_COLUMN);
    }
    return new Map(
      papers.map((paper) => [paper.rowid, snippet.get(match, BigInt(paper.rowid)) ?? '']),
    );
  };

  const matchQueries = createMatchQueries(db);
  const paperCount = () => fast?.papers() ?? matchQueries.paperCount();
  const documentFrequency = (word: string) =>
    fast?.documentFrequency(word) ?? matchQueries.documentFrequency(matchPhrase(word));
  /** BM25's pool re-ranked by the query words' own forms (see rerankBySurface). */
  const rerank = (
    { terms, expressions }: { terms: string[]; expressions: string[][] },
    hits: Ranked[],
  ): Ranked[] => {
    if (hits.length < 2) return hits;
    const pool = hits.flatMap((hit) => {
      const paper = row.get(hit.rowid);
      return paper ? [{ ...hit, title: paper.title, abstract: paper.abstract }] : [];
    });
    return rerankBySurface({
      words: terms,
      expressions,
      pool,
      papers: paperCount(),
      documentFrequency,
      titleWeight: TITLE_WEIGHT,
    });
  };

  const rank = (built: { match: string; terms: string[] }, limit: number) => {
    if (fast) {
      const ranked = fast.rank(built.terms, limit);
      if (ranked) return { ...ranked, ranking: 'maxscore' as const };
    }
    return {
      hits: exhaustive.all(built.match, limit),
      ranking: 'exhaustive' as const,
      trace: undefined,
    };
  };

  /** The hits' rows and snippets (call inside a read transaction). */
  const collect = (ranked: readonly { rowid: number; score: number }[], match?: string) => {
    const papers = new Map(
      ranked.flatMap(({ rowid }) => {
        const paper = row.get(rowid);
        return paper ? [[rowid, paper] as const] : [];
      }),
    );
    const snippetOf =
      match === undefined ? new Map<number, string>() : snippets([...papers.values()], match);
    return { papers, snippetOf };
  };
  const toHits = (
    ranked: readonly { rowid: number; score: number }[],
    { papers, snippetOf }: ReturnType<typeof collect>,
  ): SearchHit[] =>
    ranked.flatMap(({ rowid, score }): SearchHit[] => {
      const paper = papers.get(rowid);
      if (!paper) return [];
      return [
        {
          rowid,
          id: paper.id,
          title: paper.title,
          score: reported(score),
          date: paper.published,
          dateText: paper.date_raw,
          dateYearInferred: paper.date_year_inferred === 1,
          snippet: snippetOf.get(rowid) ?? '',
          abstract: paper.abstract,
          arxivId: paper.arxiv_id,
        },
      ];
    });

  /** The ranking of `search` and the MATCH it ran, if any (call inside a read transaction). */
  const rankQuery = (
    query: string,
    options: SearchOptions,
  ): { response: RankedResponse; match?: string } => {
    const limit = clampLimit(options.limit);
    const built = buildFtsQuery(query);
    if (!built.ok) return { response: { query, terms: [], ranked: [], message: built.message } };
    const found = rank(built, rerankPool > 0 ? Math.max(limit, rerankPool) : limit);
    const pooled = rerankPool > 0 ? rerank(built, found.hits) : found.hits;
    const ranked = titleFirst(query, built.match, pooled, limit).map(({ rowid, score }) => ({
      rowid,
      score: reported(score),
    }));
    const response = { query, terms: built.terms, ranked, ranking: found.ranking };
    return {
      response: found.trace ? { ...response, trace: found.trace } : response,
      match: built.match,
    };
  };

  const rowidOf = db.prepare<[string], number>('SELECT rowid FROM papers WHERE id = ?').pluck();
  const describe = (query: string, ranked: readonly { rowid: number; score: number }[]) => {
    const built = buildFtsQuery(query);
    const match = built.ok ? built.match : undefined;
    return toHits(ranked, db.transaction(() => collect(ranked, match))());
  };

  return {
    describe,
    papers(query, ids) {
      const rowids = ids.flatMap((id) => {
        const rowid = rowidOf.get(id);
        return rowid === undefined ? [] : [{ rowid, score: 0 }];
      });
      return describe(query, rowids);
    },
    rank(query, options = {}) {
      return db.transaction(() => rankQuery(query, options).response)();
    },
    search(query, options = {}) {
      const { response, rows } = db.transaction(() => {
        const { response, match } = rankQuery(query, options);
        return {
          response,
          rows: match === undefined ? undefined : collect(response.ranked, match),
        };
      })();
      const { ranked, ...rest } = response;
      return { ...rest, hits: rows ? toHits(ranked, rows) : [] };
    },
  };
}

function tryIndexTerms(db: Db): IndexTerms | undefined {
  try {
    return createIndexTerms(db, FTS_COLUMNS);
  } catch {
    // E.g. a connection that cannot create temp tables: FTS5 ranks exhaustively, and
    // snippets come from the library's own table.
    return undefined;
  }
}

/** A score as hits report it (three decimals). */
const reported = (score: number): number => Math.round(score * 1000) / 1000;

function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_LIMIT;
  return Math.min(MAX_LIMIT, Math.max(1, Math.floor(limit)));
}
