import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/discord/command.js';
import { LIMITS, fitText } from '../src/discord/limits.js';

export default {
  data: new SlashCommandBuilder()
    .setName('watch')
    .setDescription('Alerts on new papers: a direct message when papers on your topics arrive')
    .addSubcommand((s) =>
      s
        .setName('add')
        .setDescription('Watch a topic (up to 10)')
        .addStringOption((o) => o.setName('topic').setDescription('A few words, e.g. "long context"').setRequired(true)),
    )
    .addSubcommand((s) => s.setName('list').setDescription('The topics you watch'))
    .addSubcommand((s) =>
      s
        .setName('remove')
        .setDescription('Stop watching a topic')
        .addStringOption((o) => o.setName('topic').setDescription('One of your topics').setRequired(true).setAutocomplete(true)),
    )
    .toJSON(),
  async execute(interaction, ctx) {
    const user = interaction.user.id;
    const sub = interaction.options.getSubcommand();
    const content =
      sub === 'add'
        ? ctx.watches.add(user, interaction.options.getString('topic', true))
        : sub === 'remove'
          ? ctx.watches.remove(user, interaction.options.getString('topic', true))
          : ctx.watches.list(user);
    await interaction.reply({ content: fitText(content, LIMITS.content), flags: MessageFlags.Ephemeral });
  },
  async autocomplete(interaction, ctx) {
    const topics = ctx.watches.choices(interaction.user.id, interaction.options.getFocused());
    // Topics are at most 100 characters: a choice's name and value hold them whole.
    await interaction.respond(topics.map((t) => ({ name: t, value: t })));
  },
} satisfies Command;
