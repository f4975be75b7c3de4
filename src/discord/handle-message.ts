import type { Message } from 'discord.js';
import { HISTORY_TURNS } from '../answer/build-prompt.js';
import type { BotContext } from './context.js';
import { fitText } from './limits.js';
import { cooldownReply, failureReply } from './replies.js';
import { answerInThread, askableQuestion } from './stream-answer.js';

/**
 * A mention with a question is answered in a new thread started from that message;
 * messages in such a thread are follow-ups (with the Message Content intent, no mention
 * is needed there). The bot never answers itself or other bots. Never throws.
 */
export async function handleMessage(
  message: Message,
  botUserId: string,
  ctx: BotContext,
): Promise<void> {
  if (message.author.bot || message.author.id === botUserId || message.system) return;
  const mentioned = message.mentions.users.has(botUserId);
  const inConversation = message.channel.isThread() && ctx.turns.isConversation(message.channel.id);
  if (!mentioned && !(inConversation && ctx.config.messageContent)) return;

  const started = Date.now();
  const command = inConversation ? 'follow-up' : 'mention';
  const log = ctx.log.child({
    command,
    guild: message.guildId,
    user: message.author.id,
  });
  let outcome = 'ok';
  try {
    const text = message.content
      .replace(new RegExp(`<@!?${botUserId}>`, 'g'), ' ')
      .replace(/\s+/g, ' ')
      .trim();
    if (text === '') {
      outcome = 'hint';
      await message.reply({
        content:
          'Ask me a question about the papers, e.g. "@paperbot which papers measure length bias in evaluators?" — or try /help.',
      });
      return;
    }
    const question = askableQuestion(text);
    const wait = cooldownReply(ctx, message.author.id);
    if (wait) {
      outcome = 'cooldown';
      await message.reply({ content: wait });
      return;
    }
    const meta = { guildId: message.guildId, userId: message.author.id };
    if (inConversation && message.channel.isThread()) {
      await answerInThread(
        ctx,
        message.channel,
        question,
        meta,
        ctx.turns.recent(message.channel.id, HISTORY_TURNS),
      );
    } else if (message.channel.isThread()) {
      // Mentioned inside some other thread: answer right there.
      await answerInThread(ctx, message.channel, question, meta, []);
    } else {
      const thread = await message.startThread({
        name: fitText(question, 90, '…'),
        autoArchiveDuration: 1440,
      });
      await answerInThread(ctx, thread, question, meta, []);
    }
  } catch (error) {
    const reply = failureReply(error, log, 'message');
    outcome = reply.outcome;
    await message.reply({ content: reply.message }).catch(() => undefined);
  } finally {
    const latencyMs = Date.now() - started;
    log.info({ latencyMs, outcome }, 'message');
    ctx.metrics?.interaction(command, outcome, latencyMs);
  }
}
