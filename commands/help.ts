import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/discord/command.js';
import { formatHelp } from '../src/discord/format-help.js';

export default {
  data: new SlashCommandBuilder().setName('help').setDescription('What paperbot can do').toJSON(),
  async execute(interaction, ctx) {
    await interaction.reply({ embeds: [formatHelp(!ctx.config.messageContent)], flags: MessageFlags.Ephemeral });
  },
} satisfies Command;
