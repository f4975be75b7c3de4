import type { Db } from '../db/open-database.js';
import { FTS_TABLE } from '../fts5/schema.js';

/** Rowids per statement: well under SQLite's limit on bound parameters. */
const CHUNK = 500;

/** Counts and filters over the library's full-text index, by FTS5 MATCH expressions. */
export interface MatchQueries {
  /** Papers in the library. */
  paperCount(): number;
  /** Papers matching `match` (a term's document frequency, stemmed as the index stems). */
  documentFrequency(match: string): number;
  /** Which of `rowids` match `match`. */
  rowsMatching(match: string, rowids: readonly number[]): Set<number>;
}

export function createMatchQueries(db: Db): MatchQueries {
  const total = db.prepare<[], number>('SELECT count(*) FROM papers').pluck();
  const frequency = db
    .prepare<[string], number>(`SELECT count(*) FROM ${FTS_TABLE} WHERE ${FTS_TABLE} MATCH ?`)
    .pluck();
  const filters = new Map<number, ReturnType<typeof filterOf>>();
  const filterOf = (size: number) =>
    db
      .prepare<unknown[], number>(
        `SELECT rowid FROM ${FTS_TABLE} WHERE ${FTS_TABLE} MATCH ? AND rowid IN (${Array(size).fill('?').join(',')})`,
      )
      .pluck();
  return {
    paperCount: () => total.get()!,
    documentFrequency: (match) => frequency.get(match)!,
    rowsMatching(match, rowids) {
      const found = new Set<number>();
      for (let i = 0; i < rowids.length; i += CHUNK) {
        const chunk = rowids.slice(i, i + CHUNK);
        let filter = filters.get(chunk.length);
        if (!filter) filters.set(chunk.length, (filter = filterOf(chunk.length)));
        // Rowids are bound as integers: FTS5 ignores a rowid = constraint (what IN with
        // one value becomes) whose value is a REAL, which a JavaScript number binds as.
        for (const rowid of filter.all(match, ...chunk.map(BigInt))) found.add(rowid);
      }
      return found;
    },
  };
}
