import { SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/discord/command.js';
import { formatSimilar } from '../src/discord/format-paper.js';
import { paperChoices } from '../src/discord/paper-choices.js';
import { lookUpPaper } from '../src/discord/look-up-paper.js';

export default {
  data: new SlashCommandBuilder()
    .setName('similar')
    .setDescription('Papers related to one paper')
    .addStringOption((o) => o.setName('title').setDescription('Start typing a title (or give an id)').setRequired(true).setAutocomplete(true))
    .toJSON(),
  async execute(interaction, ctx) {
    const paper = lookUpPaper(ctx, interaction.options.getString('title', true));
    await interaction.reply({ embeds: [formatSimilar(paper, ctx.similar.similar(paper, 8))] });
  },
  async autocomplete(interaction, ctx) {
    await interaction.respond(paperChoices(ctx, interaction.options.getFocused()));
  },
} satisfies Command;
