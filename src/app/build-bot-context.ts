import type { Logger } from 'pino';
import { answerQuestion } from '../answer/answer-question.js';
import type { Config } from '../config.js';
import { createAnswerLog } from '../db/answer-log.js';
import { createThreadTurns } from '../db/thread-turns.js';
import { createDigestStore } from '../db/digest-store.js';
import { createDigestService } from '../digest/digest-service.js';
import { createCooldowns } from '../discord/cooldowns.js';
import type { BotContext } from '../discord/context.js';
import { createSearchSessions } from '../discord/search-sessions.js';
import type { ChatModel } from '../llm/chat-model.js';
import { createModel } from '../llm/create-model.js';
import { createExtractiveModel } from '../llm/extractive-model.js';
import { createRelevance } from '../search/relevance.js';
import { createSimilar } from '../search/similar-papers.js';
import type { Library } from './open-library.js';

/** The one place the bot's parts are wired together. */
export function buildBotContext(
  config: Config,
  library: Library,
  log: Logger,
  options: { clock?: () => Date; model?: ChatModel } = {},
): BotContext {
  const fallback = createExtractiveModel();
  const deps = {
    search: library.search,
    relevance: createRelevance(library.db),
    model: options.model ?? createModel(config),
    fallback,
  };
  const clock = options.clock ?? (() => new Date());
  return {
    config,
    db: library.db,
    search: library.search,
    similar: createSimilar(library.db, library.search),
    ask: (question, answerOptions) => answerQuestion(deps, question, answerOptions),
    answers: createAnswerLog(library.db),
    turns: createThreadTurns(library.db),
    cooldowns: createCooldowns(config.askCooldownSeconds),
    sessions: createSearchSessions(),
    digests: createDigestService(library.db, createDigestStore(library.db), clock),
    log,
    clock,
  };
}
