import { SlashCommandBuilder } from 'discord.js';
import { MAX_QUESTION_CHARS } from '../src/answer/question-rule.js';
import type { Command } from '../src/discord/command.js';
import { streamAnswerInto } from '../src/discord/stream-answer.js';

export default {
  data: new SlashCommandBuilder()
    .setName('ask')
    .setDescription('Ask about the papers; get a short answer citing them')
    .addStringOption((o) =>
      o.setName('question').setDescription('Your question, in your own words').setRequired(true).setMaxLength(MAX_QUESTION_CHARS),
    )
    .addIntegerOption((o) => o.setName('sources').setDescription('How many papers to consult (default 5)').setMinValue(1).setMaxValue(10))
    .toJSON(),
  usesCooldown: true,
  async execute(interaction, ctx) {
    const question = interaction.options.getString('question', true);
    const k = interaction.options.getInteger('sources') ?? undefined;
    await streamAnswerInto(interaction, ctx, question, k);
  },
} satisfies Command;
