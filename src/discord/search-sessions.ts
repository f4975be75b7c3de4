import { randomBytes } from 'node:crypto';
import type { SearchHit } from '../search/search-papers.js';

export interface SearchSession {
  userId: string;
  query: string;
  hits: SearchHit[];
  message?: string;
}

/**
 * Search results kept for their Previous/Next buttons, for as long as Discord lets the
 * bot edit the message (15 minutes). A button pressed later says the search expired.
 */
export interface SearchSessions {
  open(session: SearchSession, now: Date): string;
  get(id: string, now: Date): SearchSession | undefined;
}

export function createSearchSessions(ttlMs = 15 * 60_000, max = 1000): SearchSessions {
  const sessions = new Map<string, { session: SearchSession; at: number }>();
  return {
    open(session, now) {
      const id = randomBytes(6).toString('base64url');
      sessions.set(id, { session, at: now.getTime() });
      if (sessions.size > max) sessions.delete(sessions.keys().next().value!);
      return id;
    },
    get(id, now) {
      const entry = sessions.get(id);
      if (!entry) return undefined;
      if (now.getTime() - entry.at > ttlMs) {
        sessions.delete(id);
        return undefined;
      }
      return entry.session;
    },
  };
}
