import type { Db } from '../db/open-database.js';
import { buildFtsQuery } from './query-builder.js';

/**
 * Which of the given papers are on a topic ("long context", "preference optimization"):
 * those that contain every word of it (stemmed, stop-words ignored).
 */
export function papersOnTopic(db: Db, topic: string, rowids: readonly number[]): Set<number> {
  const built = buildFtsQuery(topic);
  if (!built.ok || rowids.length === 0) return new Set();
  const match = built.match.split(' OR ').join(' AND ');
  const found = new Set<number>();
  // Chunks keep the statement under SQLite's parameter limit.
  for (let i = 0; i < rowids.length; i += 500) {
    const chunk = rowids.slice(i, i + 500);
    const rows = db
      .prepare<unknown[], { rowid: number }>(
        `SELECT rowid FROM papers_fts WHERE papers_fts MATCH ? AND rowid IN (${chunk.map(() => '?').join(',')})`,
      )
      // As integers: FTS5 ignores rowid = <REAL>, which IN with one number becomes.
      .all(match, ...chunk.map(BigInt));
    for (const row of rows) found.add(row.rowid);
  }
  return found;
}
