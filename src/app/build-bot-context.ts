import type { Logger } from 'pino';
import { createAnswerLog } from '../db/answer-log.js';
import { createDigestVotes } from '../db/digest-votes.js';
import { createCooldownStore } from '../db/cooldown-store.js';
import { createThreadTurns } from '../db/thread-turns.js';
import { createCooldowns } from '../discord/cooldowns.js';
import type { BotContext } from '../discord/context.js';
import { createSearchSessions } from '../discord/search-sessions.js';
import type { Services } from './compose.js';

/** The bot's context: the composed services, and the state only Discord needs. */
export function buildBotContext(services: Services, log: Logger): BotContext {
  const { config, library } = services;
  return {
    config,
    db: library.db,
    search: library.search,
    retrieve: services.retrieve,
    similar: services.similar,
    ask: services.ask,
    compare: services.compare,
    answers: createAnswerLog(library.db),
    digestVotes: createDigestVotes(library.db),
    turns: createThreadTurns(library.db),
    cooldowns: createCooldowns(config.askCooldownSeconds, createCooldownStore(library.db)),
    sessions: createSearchSessions(),
    digests: services.digests,
    watches: services.watches,
    log,
    clock: services.clock,
  };
}
