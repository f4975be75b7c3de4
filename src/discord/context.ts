import type { Logger } from 'pino';
import type { Ask } from '../answer/answer-question.js';
import type { Compare } from '../answer/compare-papers.js';
import type { Config } from '../config.js';
import type { AnswerLog } from '../db/answer-log.js';
import type { DigestVotes } from '../db/digest-votes.js';
import type { Db } from '../db/open-database.js';
import type { ThreadTurns } from '../db/thread-turns.js';
import type { Search, SearchResponse } from '../search/search-papers.js';
import type { Similar } from '../search/similar-papers.js';
import type { DigestService } from '../digest/digest-service.js';
import type { Watches } from '../digest/watches.js';
import type { Cooldowns } from './cooldowns.js';
import type { SearchSessions } from './search-sessions.js';

/** Everything a handler may use, built once in start-up and passed in explicitly. */
export interface BotContext {
  config: Config;
  db: Db;
  search: Search;
  /** Papers for a query by words and meaning (what /search shows; `search` is by words). */
  retrieve(query: string, limit: number): Promise<SearchResponse>;
  similar: Similar;
  ask: Ask;
  compare: Compare;
  answers: AnswerLog;
  /** 👍 / 👎 on digest papers, per channel. */
  digestVotes: DigestVotes;
  turns: ThreadTurns;
  cooldowns: Cooldowns;
  sessions: SearchSessions;
  digests: DigestService;
  /** /watch: each user's topics for alerts on new papers. */
  watches: Watches;
  log: Logger;
  clock: () => Date;
  /** Counts each interaction or mention handled (for /metrics), when health is served. */
  metrics?: { interaction(command: string, outcome: string, latencyMs: number): void };
}

export { UserFacingError } from '../errors.js';
