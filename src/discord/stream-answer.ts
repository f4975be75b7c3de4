import type {
  ChatInputCommandInteraction,
  ModalSubmitInteraction,
  ThreadChannel,
} from 'discord.js';
import type { Answer } from '../answer/answer-question.js';
import { checkQuestion } from '../answer/question-rule.js';
import type { Turn } from '../answer/build-prompt.js';
import { UserFacingError, type BotContext } from './context.js';
import { formatAnswer } from './format-answer.js';
import { LIMITS, fitText, neutralizeMentions, plainLinks } from './limits.js';

/** At most one edit a second while an answer streams, as Discord's rate limits expect. */
export const EDIT_INTERVAL_MS = 1000;

/** Refuses, before anything is sent, a question that can't be answered (the one rule). */
export function askableQuestion(text: string): string {
  const checked = checkQuestion(text);
  if (!checked.ok) throw new UserFacingError(checked.message);
  return checked.question;
}

/**
 * /ask: defer at once (Discord wants an acknowledgement within 3 s), stream the answer
 * into the reply at most once a second, then edit in the final embed with its sources
 * and 👍/👎 buttons.
 */
export async function streamAnswerInto(
  interaction: ChatInputCommandInteraction | ModalSubmitInteraction,
  ctx: BotContext,
  rawQuestion: string,
  k?: number,
): Promise<Answer> {
  const question = askableQuestion(rawQuestion);
  await interaction.deferReply();
  const edits = throttledEdits(async (text) => {
    await interaction.editReply({ content: text });
  });
  const answer = await ctx.ask(question, {
    ...(k ? { k } : {}),
    onText: (delta) => edits.append(delta),
    onReset: () => edits.reset(),
  });
  await edits.settle();
  const answerId = ctx.answers.record(
    {
      question,
      status: answer.status,
      guildId: interaction.guildId,
      channelId: interaction.channelId,
      userId: interaction.user.id,
    },
    ctx.clock(),
  );
  await interaction.editReply({ content: '', ...formatAnswer(answer, answerId) });
  return answer;
}

/** A question by mention or in a conversation thread: answered in that thread. */
export async function answerInThread(
  ctx: BotContext,
  thread: Pick<ThreadChannel, 'id' | 'send' | 'sendTyping'>,
  question: string,
  meta: { guildId: string | null; userId: string },
  history: Turn[],
): Promise<Answer> {
  await thread.sendTyping().catch(() => undefined);
  const answer = await ctx.ask(question, { history });
  const answerId = ctx.answers.record(
    {
      question,
      status: answer.status,
      guildId: meta.guildId,
      channelId: thread.id,
      userId: meta.userId,
    },
    ctx.clock(),
  );
  // Without the Message Content intent the bot only sees messages that mention it.
  const hint =
    history.length === 0 && !ctx.config.messageContent
      ? { content: 'Mention me in this thread to ask a follow-up.' }
      : {};
  await thread.send({ ...hint, ...formatAnswer(answer, answerId) });
  if (answer.status === 'answered')
    ctx.turns.add(
      thread.id,
      { question, answer: answer.text, cited: answer.citations.map((c) => c.id) },
      ctx.clock(),
    );
  return answer;
}

/**
 * Collects streamed text and pushes it to Discord, from its first citation on, no more often
 * than EDIT_INTERVAL_MS, one edit at a time; a failed edit is dropped (the final edit carries
 * everything).
 */
function throttledEdits(edit: (text: string) => Promise<void>) {
  let text = '';
  let lastAt = 0;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  const flush = () => {
    timer = undefined;
    // Nothing shows before the first citation: an answer that cites nothing is never shown.
    if (!/\[\d+\]/.test(text)) return;
    lastAt = Date.now();
    const shown = fitText(plainLinks(neutralizeMentions(text)), LIMITS.content - 2, ' …');
    inFlight = inFlight.then(() => edit(`${shown} ▌`)).catch(() => undefined);
  };
  return {
    append(delta: string) {
      text += delta;
      if (timer) return;
      timer = setTimeout(flush, Math.max(0, lastAt + EDIT_INTERVAL_MS - Date.now()));
    },
    reset() {
      text = '';
    },
    async settle() {
      clearTimeout(timer);
      timer = undefined;
      await inFlight;
    },
  };
}
