import type { Paper } from '../corpus/paper.js';
import { findPaper } from '../search/find-paper.js';
import { UserFacingError, type BotContext } from './context.js';
import { escapeText, fitText } from './limits.js';

/** The paper a user picked or typed, or a UserFacingError naming the nearest titles. */
export function lookUpPaper(ctx: Pick<BotContext, 'db' | 'search'>, wanted: string): Paper {
  const lookup = findPaper(ctx.db, ctx.search, wanted);
  if (lookup.found) return lookup.paper;
  const near = lookup.suggestions
    .slice(0, 3)
    .map((s) => `• ${escapeText(fitText(s.title, 150))} · \`${s.id}\``);
  throw new UserFacingError(
    `No paper with the id or title "${escapeText(fitText(wanted, 100))}".${near.length ? `\nDid you mean:\n${near.join('\n')}` : ''}`,
  );
}
