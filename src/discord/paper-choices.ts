import { popularPapers } from '../search/find-paper.js';
import type { BotContext } from './context.js';
import { LIMITS, fitText } from './limits.js';

/**
 * Autocomplete choices for a paper option: titles matching what the user has typed so
 * far (the last word as a prefix), at most 25, each valued by the paper id.
 */
export function paperChoices(
  ctx: Pick<BotContext, 'search' | 'db'>,
  typed: string,
): { name: string; value: string }[] {
  const text = typed.trim();
  let hits: { id: string; title: string }[];
  if (text === '') {
    hits = popularPapers(ctx.db, LIMITS.autocompleteChoices);
  } else {
    // The word being typed is probably unfinished: search it as a prefix too.
    const query = /[\p{L}\p{N}]{3,}$/u.test(text) ? `${text} ${text.split(/\s+/).pop()}*` : text;
    hits = ctx.search.search(query, { limit: LIMITS.autocompleteChoices }).hits;
  }
  return hits
    .slice(0, LIMITS.autocompleteChoices)
    .map((h) => ({ name: fitText(h.title, LIMITS.choiceName, '…'), value: h.id }));
}
