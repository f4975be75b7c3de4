import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { UserFacingError } from '../errors.js';
import type { BotContext } from './context.js';

/**
 * What the user is told when something fails, whichever way they asked (a command, a
 * button, a form, a mention): an expected failure (UserFacingError) in its own words;
 * anything else is logged with its context and the user gets an error id to quote.
 */
export function failureReply(
  error: unknown,
  log: Logger,
  what: string,
): { outcome: 'refused' | 'error'; message: string } {
  if (error instanceof UserFacingError) return { outcome: 'refused', message: error.message };
  const errorId = randomBytes(4).toString('hex');
  log.error({ err: error, errorId }, `${what} failed`);
  return {
    outcome: 'error',
    message: `Something went wrong on our side (error id \`${errorId}\`). Please try again.`,
  };
}

/**
 * Takes the user's turn to ask (the per-user cooldown between questions): undefined when
 * they may ask now, else the reply saying when they can.
 */
export function cooldownReply(
  ctx: Pick<BotContext, 'cooldowns' | 'clock'>,
  userId: string,
): string | undefined {
  const now = ctx.clock();
  const waitMs = ctx.cooldowns.take(userId, now);
  if (waitMs === 0) return undefined;
  const at = Math.ceil((now.getTime() + waitMs) / 1000);
  return `You're asking a little fast. Try again <t:${at}:R> (in ${Math.ceil(waitMs / 1000)} s).`;
}
