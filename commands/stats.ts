import { MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/discord/command.js';
import { UserFacingError } from '../src/discord/context.js';
import { formatStats } from '../src/discord/format-help.js';

export default {
  data: new SlashCommandBuilder()
    .setName('stats')
    .setDescription('Questions asked and how answers were rated')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .toJSON(),
  async execute(interaction, ctx) {
    // Default permissions can be changed by server admins; check again here.
    if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
      throw new UserFacingError('Only members who can manage this server can see the stats.');
    }
    await interaction.reply({ embeds: [formatStats(ctx.answers.stats(interaction.guildId))], flags: MessageFlags.Ephemeral });
  },
} satisfies Command;
