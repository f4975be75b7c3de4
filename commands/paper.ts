import { SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/discord/command.js';
import { formatPaper } from '../src/discord/format-paper.js';
import { paperChoices } from '../src/discord/paper-choices.js';
import { lookUpPaper } from '../src/discord/look-up-paper.js';

export default {
  data: new SlashCommandBuilder()
    .setName('paper')
    .setDescription('Show one paper in full')
    .addStringOption((o) => o.setName('title').setDescription('Start typing a title (or give an id)').setRequired(true).setAutocomplete(true))
    .toJSON(),
  async execute(interaction, ctx) {
    const paper = lookUpPaper(ctx, interaction.options.getString('title', true));
    await interaction.reply({ embeds: [formatPaper(paper)] });
  },
  async autocomplete(interaction, ctx) {
    await interaction.respond(paperChoices(ctx, interaction.options.getFocused()));
  },
} satisfies Command;
