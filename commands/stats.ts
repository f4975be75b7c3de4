import { MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/discord/command.js';
import { UserFacingError } from '../src/discord/context.js';
import { formatStats } from '../src/discord/format-help.js';

export default {
  data: new SlashCommandBuilder()
    .setName('stats')
    .setDescription('Questions asked, how answers were rated, and this channel’s most liked digest papers')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .toJSON(),
  async execute(interaction, ctx) {
    // Default permissions can be changed by server admins; check again here.
    if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
      throw new UserFacingError('Only members who can manage this server can see the stats.');
    }
    await interaction.reply({ embeds: [formatStats(ctx.answers.stats(interaction.guildId), ctx.digestVotes.mostLiked(interaction.channelId, 5))], flags: MessageFlags.Ephemeral });
  },
} satisfies Command;
