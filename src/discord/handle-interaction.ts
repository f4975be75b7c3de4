import {
  MessageFlags,
  type ButtonInteraction,
  type Interaction,
  type ModalSubmitInteraction,
  type RepliableInteraction,
} from 'discord.js';
import { MAX_QUESTION_CHARS } from '../answer/question-rule.js';
import type { Command } from './command.js';
import { UserFacingError, type BotContext } from './context.js';
import { componentId, parseComponentId, QUESTION_FIELD } from './custom-ids.js';
import { formatSearchPage } from './format-search.js';
import { escapeText, fitText } from './limits.js';
import { lookUpPaper } from './look-up-paper.js';
import { cooldownReply, failureReply } from './replies.js';
import { streamAnswerInto } from './stream-answer.js';

/**
 * Routes one interaction to its command or button, and owns the replied/deferred
 * branching for failures: an expected one (UserFacingError) becomes a short ephemeral
 * message; anything else is logged with context and the user sees an error id. Never
 * throws: one bad interaction must not take the bot down.
 */
export async function handleInteraction(
  interaction: Interaction,
  commands: ReadonlyMap<string, Command>,
  ctx: BotContext,
): Promise<void> {
  const started = Date.now();
  const name =
    interaction.isChatInputCommand() || interaction.isAutocomplete()
      ? interaction.commandName
      : interaction.isButton() || interaction.isModalSubmit()
        ? `${interaction.isButton() ? 'button' : 'modal'}:${parseComponentId(interaction.customId)?.kind ?? 'unknown'}`
        : `type:${interaction.type}`;
  const log = ctx.log.child({
    command: name,
    guild: interaction.guildId,
    user: interaction.user.id,
    interaction: interaction.id,
  });
  let outcome = 'ok';
  try {
    if (interaction.isAutocomplete()) {
      await commands.get(interaction.commandName)?.autocomplete?.(interaction, ctx);
    } else if (interaction.isChatInputCommand()) {
      const command = commands.get(interaction.commandName);
      if (!command)
        throw new UserFacingError('This command is not known to this version of the bot.');
      if (command.usesCooldown && (await refusedByCooldown(interaction, ctx))) {
        outcome = 'cooldown';
        return;
      }
      await command.execute(interaction, ctx);
    } else if (interaction.isButton()) {
      await handleButton(interaction, ctx);
    } else if (interaction.isModalSubmit()) {
      if (await handleModal(interaction, ctx)) outcome = 'cooldown';
    }
  } catch (error) {
    const reply = failureReply(error, log, 'interaction');
    outcome = reply.outcome;
    if (interaction.isRepliable())
      await sendFailure(interaction, reply.message).catch((e: unknown) =>
        log.warn({ err: e }, 'could not tell the user'),
      );
  } finally {
    const latencyMs = Date.now() - started;
    log.info({ latencyMs, outcome }, 'interaction');
    ctx.metrics?.interaction(name, outcome, latencyMs);
  }
}

async function sendFailure(interaction: RepliableInteraction, message: string): Promise<void> {
  if (interaction.deferred && !interaction.replied) {
    // A public "thinking…" is already showing: replace it, then say why privately.
    await interaction.deleteReply().catch(() => undefined);
    await interaction.followUp({ content: message, flags: MessageFlags.Ephemeral });
  } else if (interaction.replied) {
    await interaction.followUp({ content: message, flags: MessageFlags.Ephemeral });
  } else {
    await interaction.reply({ content: message, flags: MessageFlags.Ephemeral });
  }
}

/** True when the user must wait (and has been told so, privately). */
async function refusedByCooldown(
  interaction: RepliableInteraction,
  ctx: BotContext,
): Promise<boolean> {
  const wait = cooldownReply(ctx, interaction.user.id);
  if (wait) await interaction.reply({ content: wait, flags: MessageFlags.Ephemeral });
  return wait !== undefined;
}

async function handleButton(interaction: ButtonInteraction, ctx: BotContext): Promise<void> {
  const id = parseComponentId(interaction.customId);
  if (id?.kind === 'vote') {
    const recorded = ctx.answers.vote(
      id.answerId,
      interaction.user.id,
      id.vote === 'up' ? 1 : -1,
      ctx.clock(),
    );
    if (!recorded) throw new UserFacingError('That answer is no longer on record.');
    await interaction.reply({
      content: `Thanks, your ${id.vote === 'up' ? '👍' : '👎'} is recorded.`,
      flags: MessageFlags.Ephemeral,
    });
    return;
  }
  if (id?.kind === 'digest-vote') {
    const up = id.vote === 'up';
    const title = ctx.digestVotes.vote(
      interaction.channelId,
      id.paperId,
      interaction.user.id,
      up ? 1 : -1,
      ctx.clock(),
    );
    if (title === undefined) throw new UserFacingError('That paper is no longer in the library.');
    await interaction.reply({
      content: `Thanks, your ${up ? '👍' : '👎'} on “${escapeText(fitText(title, 150))}” counts for this channel: its next digests put papers like it ${up ? 'first' : 'last'}. Press the other to change it.`,
      flags: MessageFlags.Ephemeral,
    });
    return;
  }
  if (id?.kind === 'search-page') {
    const session = ctx.sessions.get(id.sessionId, ctx.clock());
    if (!session) throw new UserFacingError('This search has expired; run /search again.');
    if (session.userId !== interaction.user.id)
      throw new UserFacingError(
        'Only the person who searched can turn these pages; run /search yourself.',
      );
    await interaction.update(
      formatSearchPage(session.query, session.hits, id.page, id.sessionId, session.message),
    );
    return;
  }
  if (id?.kind === 'ask-about') {
    // "Ask about this" under a digest: a question box pre-filled for that paper.
    const paper = lookUpPaper(ctx, id.paperId);
    await interaction.showModal({
      custom_id: componentId({ kind: 'ask-form', paperId: paper.id }),
      title: 'Ask about this paper',
      components: [
        {
          type: 1,
          components: [
            {
              type: 4,
              custom_id: QUESTION_FIELD,
              style: 2,
              label: 'Your question',
              max_length: MAX_QUESTION_CHARS,
              required: true,
              value: fitText(
                `What does "${paper.title}" propose, and how well does it work?`,
                MAX_QUESTION_CHARS,
                '…"',
              ),
            },
          ],
        },
      ],
    });
    return;
  }
  throw new UserFacingError('This button is no longer in use.');
}

/** The "Ask about this paper" form; true when the user was asked to wait instead. */
async function handleModal(interaction: ModalSubmitInteraction, ctx: BotContext): Promise<boolean> {
  if (parseComponentId(interaction.customId)?.kind !== 'ask-form')
    throw new UserFacingError('This form is no longer in use.');
  if (await refusedByCooldown(interaction, ctx)) return true;
  await streamAnswerInto(interaction, ctx, interaction.fields.getTextInputValue(QUESTION_FIELD));
  return false;
}
