import type { Db } from '../db/open-database.js';
import { createMatchQueries } from './match-queries.js';
import { buildFtsQuery } from './query-builder.js';

/**
 * Which of the given papers are on a topic ("long context", "preference optimization"):
 * those that contain every word of it (stemmed, stop-words ignored).
 */
export function papersOnTopic(db: Db, topic: string, rowids: readonly number[]): Set<number> {
  const built = buildFtsQuery(topic);
  if (!built.ok) return new Set();
  return createMatchQueries(db).rowsMatching(built.match.split(' OR ').join(' AND '), rowids);
}
