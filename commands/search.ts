import { SlashCommandBuilder } from 'discord.js';
import { MAX_QUESTION_CHARS } from '../src/answer/question-rule.js';
import type { Command } from '../src/discord/command.js';
import { formatSearchPage } from '../src/discord/format-search.js';
import { MAX_LIMIT } from '../src/search/search-papers.js';

export default {
  data: new SlashCommandBuilder()
    .setName('search')
    .setDescription('Find papers: ranked results with snippets, ten per page')
    .addStringOption((o) => o.setName('query').setDescription('Words to search for').setRequired(true).setMaxLength(MAX_QUESTION_CHARS))
    .toJSON(),
  async execute(interaction, ctx) {
    const query = interaction.options.getString('query', true);
    // Acknowledged first: under load a search by meaning waits its turn, past Discord's 3 s.
    await interaction.deferReply();
    const response = await ctx.retrieve(query, MAX_LIMIT);
    const session = ctx.sessions.open(
      { userId: interaction.user.id, query, hits: response.hits, ...(response.message ? { message: response.message } : {}) },
      ctx.clock(),
    );
    await interaction.editReply(formatSearchPage(query, response.hits, 0, session, response.message));
  },
} satisfies Command;
