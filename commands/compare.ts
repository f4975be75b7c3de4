import { SlashCommandBuilder } from 'discord.js';
import { MAX_ASPECT_CHARS, checkRequest } from '../src/answer/compare-offline.js';
import type { Command } from '../src/discord/command.js';
import { formatComparison } from '../src/discord/format-compare.js';
import { lookUpPaper } from '../src/discord/look-up-paper.js';
import { paperChoices } from '../src/discord/paper-choices.js';

export default {
  data: new SlashCommandBuilder()
    .setName('compare')
    .setDescription('Two papers side by side: what each does, its data and its result, cited')
    .addStringOption((o) =>
      o
        .setName('first')
        .setDescription('Start typing a title (or give an id)')
        .setRequired(true)
        .setAutocomplete(true),
    )
    .addStringOption((o) =>
      o
        .setName('second')
        .setDescription('Start typing a title (or give an id)')
        .setRequired(true)
        .setAutocomplete(true),
    )
    .addStringOption((o) =>
      o
        .setName('aspect')
        .setDescription('What to focus on, e.g. data, efficiency, results')
        .setMaxLength(MAX_ASPECT_CHARS),
    )
    .toJSON(),
  usesCooldown: true,
  async execute(interaction, ctx) {
    // What can't be compared is said privately at once, before any "thinking…" shows.
    const first = lookUpPaper(ctx, interaction.options.getString('first', true));
    const second = lookUpPaper(ctx, interaction.options.getString('second', true));
    const aspect = checkRequest(
      first,
      second,
      interaction.options.getString('aspect') ?? undefined,
    );
    // A configured model may take longer than Discord's 3 s.
    await interaction.deferReply();
    const comparison = await ctx.compare(first, second, aspect);
    await interaction.editReply({ embeds: [formatComparison(comparison)] });
  },
  async autocomplete(interaction, ctx) {
    await interaction.respond(paperChoices(ctx, interaction.options.getFocused()));
  },
} satisfies Command;
