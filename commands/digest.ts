import { ChannelType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/discord/command.js';
import { UserFacingError } from '../src/discord/context.js';
import { formatDigest } from '../src/discord/format-digest.js';

export default {
  data: new SlashCommandBuilder()
    .setName('digest')
    .setDescription('Daily digest of new papers')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .addSubcommand((s) =>
      s
        .setName('subscribe')
        .setDescription('Post a digest of new papers in a channel every day')
        .addChannelOption((o) => o.setName('channel').setDescription('Where to post').addChannelTypes(ChannelType.GuildText).setRequired(true))
        .addStringOption((o) => o.setName('time').setDescription('Local time of day, HH:MM (e.g. 08:30)').setRequired(true).setMaxLength(5))
        .addStringOption((o) => o.setName('timezone').setDescription('IANA time zone, e.g. Europe/Paris (default UTC)').setMaxLength(64))
        .addStringOption((o) => o.setName('topic').setDescription('Only papers on this topic, e.g. "long context"').setMaxLength(100))
        .addIntegerOption((o) => o.setName('count').setDescription('Papers per digest (default 10)').setMinValue(1).setMaxValue(25)),
    )
    .addSubcommand((s) =>
      s
        .setName('unsubscribe')
        .setDescription('Stop the digest in a channel')
        .addChannelOption((o) => o.setName('channel').setDescription('The channel').addChannelTypes(ChannelType.GuildText).setRequired(true)),
    )
    .addSubcommand((s) => s.setName('preview').setDescription("See this channel's next digest (only you see it; nothing is posted)"))
    .toJSON(),
  async execute(interaction, ctx) {
    if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
      throw new UserFacingError('Only members who can manage this server can set up digests.');
    }
    const sub = interaction.options.getSubcommand();
    if (sub === 'subscribe') {
      const channel = interaction.options.getChannel('channel', true);
      const subscription = ctx.digests.subscribe({
        channelId: channel.id,
        guildId: interaction.guildId,
        time: interaction.options.getString('time', true),
        tz: interaction.options.getString('timezone') ?? 'UTC',
        topic: interaction.options.getString('topic'),
        count: interaction.options.getInteger('count') ?? 10,
      });
      await interaction.reply({ content: subscription, flags: MessageFlags.Ephemeral });
    } else if (sub === 'unsubscribe') {
      const channel = interaction.options.getChannel('channel', true);
      const removed = ctx.digests.unsubscribe(channel.id);
      await interaction.reply({ content: removed ? `No more digests in <#${channel.id}>.` : `<#${channel.id}> had no digest.`, flags: MessageFlags.Ephemeral });
    } else {
      const content = await ctx.digests.preview(interaction.channelId);
      await interaction.reply({
        ...(content.items.length ? formatDigest(content) : { content: 'Nothing new for this channel yet: no digest would be posted.' }),
        flags: MessageFlags.Ephemeral,
      });
    }
  },
} satisfies Command;
