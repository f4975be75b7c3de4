import { randomBytes } from 'node:crypto';
import {
  MessageFlags,
  type ButtonInteraction,
  type Interaction,
  type ModalSubmitInteraction,
  type RepliableInteraction,
} from 'discord.js';
import { fitText } from './limits.js';
import { lookUpPaper } from './look-up-paper.js';
import { streamAnswerInto } from './stream-answer.js';
import type { Command } from './command.js';
import { UserFacingError, type BotContext } from './context.js';
import { formatSearchPage } from './format-search.js';

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
        ? `${interaction.isButton() ? 'button' : 'modal'}:${interaction.customId.split(':')[0]}`
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
      if (command.usesCooldown) {
        const waitMs = ctx.cooldowns.take(interaction.user.id, ctx.clock());
        if (waitMs > 0) {
          outcome = 'cooldown';
          await interaction.reply({
            content: cooldownMessage(waitMs, ctx.clock()),
            flags: MessageFlags.Ephemeral,
          });
          return;
        }
      }
      await command.execute(interaction, ctx);
    } else if (interaction.isButton()) {
      await handleButton(interaction, ctx);
    } else if (interaction.isModalSubmit()) {
      await handleModal(interaction, ctx);
    }
  } catch (error) {
    if (error instanceof UserFacingError) {
      outcome = 'refused';
      if (interaction.isRepliable())
        await sendFailure(interaction, error.message).catch((e: unknown) =>
          log.warn({ err: e }, 'could not tell the user'),
        );
    } else {
      outcome = 'error';
      const errorId = randomBytes(4).toString('hex');
      log.error({ err: error, errorId }, 'interaction failed');
      if (interaction.isRepliable()) {
        await sendFailure(
          interaction,
          `Something went wrong on our side (error id \`${errorId}\`). Please try again.`,
        ).catch((e: unknown) => log.warn({ err: e }, 'could not tell the user'));
      }
    }
  } finally {
    log.info({ latencyMs: Date.now() - started, outcome }, 'interaction');
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

function cooldownMessage(waitMs: number, now: Date): string {
  const at = Math.ceil((now.getTime() + waitMs) / 1000);
  return `You're asking a little fast. Try again <t:${at}:R> (in ${Math.ceil(waitMs / 1000)} s).`;
}

async function handleButton(interaction: ButtonInteraction, ctx: BotContext): Promise<void> {
  const [kind, a, b] = interaction.customId.split(':');
  if (kind === 'fb' && (a === 'up' || a === 'down') && b) {
    const recorded = ctx.answers.vote(b, interaction.user.id, a === 'up' ? 1 : -1, ctx.clock());
    if (!recorded) throw new UserFacingError('That answer is no longer on record.');
    await interaction.reply({
      content: `Thanks, your ${a === 'up' ? '👍' : '👎'} is recorded.`,
      flags: MessageFlags.Ephemeral,
    });
    return;
  }
  if (kind === 'sp' && a && b !== undefined) {
    const session = ctx.sessions.get(a, ctx.clock());
    if (!session) throw new UserFacingError('This search has expired; run /search again.');
    if (session.userId !== interaction.user.id)
      throw new UserFacingError(
        'Only the person who searched can turn these pages; run /search yourself.',
      );
    await interaction.update(
      formatSearchPage(session.query, session.hits, Number(b), a, session.message),
    );
    return;
  }
  if (kind === 'askp' && a) {
    // "Ask about this" under a digest: a question box pre-filled for that paper.
    const paper = lookUpPaper(ctx, a);
    await interaction.showModal({
      custom_id: `askm:${paper.id}`,
      title: 'Ask about this paper',
      components: [
        {
          type: 1,
          components: [
            {
              type: 4,
              custom_id: 'question',
              style: 2,
              label: 'Your question',
              max_length: 500,
              required: true,
              value: fitText(
                `What does "${paper.title}" propose, and how well does it work?`,
                500,
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

async function handleModal(interaction: ModalSubmitInteraction, ctx: BotContext): Promise<void> {
  const [kind] = interaction.customId.split(':');
  if (kind !== 'askm') throw new UserFacingError('This form is no longer in use.');
  const waitMs = ctx.cooldowns.take(interaction.user.id, ctx.clock());
  if (waitMs > 0) {
    await interaction.reply({
      content: cooldownMessage(waitMs, ctx.clock()),
      flags: MessageFlags.Ephemeral,
    });
    return;
  }
  await streamAnswerInto(interaction, ctx, interaction.fields.getTextInputValue('question'));
}
