/**
 * The library's full-text index, named once. Migration 1 created it with these names
 * (a migration is history and keeps its own SQL; test/fts5/schema.test.ts checks the two
 * agree): an external-content FTS5 table over the papers' title and abstract.
 */
export const FTS_TABLE = 'papers_fts';
/** Its columns, in order: bm25() weights and column numbers follow this order. */
export const FTS_COLUMNS = ['title', 'abstract'] as const;
/** English stemming, case and accent folding. Index terms must be this tokenizer's own. */
export const FTS_TOKENIZER = 'porter unicode61 remove_diacritics 2';
/** The column snippets are cut from (the abstract). */
export const SNIPPET_COLUMN = FTS_COLUMNS.indexOf('abstract');
/** Tokens in a search hit's snippet. */
export const SNIPPET_TOKENS = 40;
