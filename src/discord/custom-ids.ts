import { LIMITS } from './limits.js';

/**
 * The custom ids of the bot's buttons and forms, built and read here only: Discord hands
 * back the id of the component pressed, at most 100 characters, and nothing else.
 */
export type ComponentId =
  | { kind: 'vote'; vote: 'up' | 'down'; answerId: string }
  | { kind: 'search-page'; sessionId: string; page: number }
  | { kind: 'ask-about'; paperId: string }
  | { kind: 'ask-form'; paperId: string }
  /** 👍 / 👎 on a digest's paper: the channel is the message's, so only the paper is named. */
  | { kind: 'digest-vote'; vote: 'up' | 'down'; paperId: string };

/** The text input of the "Ask about this paper" form. */
export const QUESTION_FIELD = 'question';

const PREFIX = {
  vote: 'fb',
  'search-page': 'sp',
  'ask-about': 'askp',
  'ask-form': 'askm',
  'digest-vote': 'dv',
} as const satisfies Record<ComponentId['kind'], string>;

/** Parts may hold neither the separator nor spaces; ids are short tokens. */
const PART = /^[A-Za-z0-9_-]{1,60}$/;

export function componentId(id: ComponentId): string {
  const parts =
    id.kind === 'vote'
      ? [id.vote, id.answerId]
      : id.kind === 'digest-vote'
        ? [id.vote, id.paperId]
        : id.kind === 'search-page'
          ? [id.sessionId, String(id.page)]
          : [id.paperId];
  for (const part of parts) if (!PART.test(part)) throw new Error(`not a custom id part: ${part}`);
  const built = [PREFIX[id.kind], ...parts].join(':');
  if (built.length > LIMITS.customId) throw new Error(`custom id too long: ${built}`);
  return built;
}

/** What a pressed component's id names, or undefined for one this bot does not make. */
export function parseComponentId(customId: string): ComponentId | undefined {
  const [prefix, a, b, ...rest] = customId.split(':');
  if (rest.length > 0 || a === undefined || !PART.test(a)) return undefined;
  if (b !== undefined && !PART.test(b)) return undefined;
  switch (prefix) {
    case PREFIX.vote:
      return (a === 'up' || a === 'down') && b !== undefined
        ? { kind: 'vote', vote: a, answerId: b }
        : undefined;
    case PREFIX['search-page']:
      return b !== undefined && /^-?\d{1,4}$/.test(b)
        ? { kind: 'search-page', sessionId: a, page: Number(b) }
        : undefined;
    case PREFIX['digest-vote']:
      return (a === 'up' || a === 'down') && b !== undefined
        ? { kind: 'digest-vote', vote: a, paperId: b }
        : undefined;
    case PREFIX['ask-about']:
      return b === undefined ? { kind: 'ask-about', paperId: a } : undefined;
    case PREFIX['ask-form']:
      return b === undefined ? { kind: 'ask-form', paperId: a } : undefined;
    default:
      return undefined;
  }
}
