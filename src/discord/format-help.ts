import type { APIEmbed } from 'discord.js';
import type { AnswerStats } from '../db/answer-log.js';

export function formatHelp(mentionsNeedContentIntent: boolean): APIEmbed {
  const mention = mentionsNeedContentIntent
    ? 'Mention me with a question: I answer in a thread. In that thread, mention me again to follow up.'
    : 'Mention me with a question: I answer in a thread, and any further message there is a follow-up.';
  return {
    title: 'paperbot: answers about the papers in this library, with citations',
    description: [
      '`/ask question` — a short answer built from the abstracts, citing the papers as [1], [2]…',
      '`/search query` — papers ranked for your words, ten per page',
      '`/paper title` — one paper in full (start typing: titles autocomplete)',
      '`/similar title` — papers related to one paper',
      '`/stats` — questions asked and how answers were rated (Manage Server)',
      '',
      mention,
      'A follow-up can point at the last answer’s papers — "[2] what data set did they use?", "the first one", "that paper" — and is answered from them; it keeps its papers 30 days.',
      'Rate answers with 👍/👎. If the library has nothing on a question, I say so rather than guess.',
    ].join('\n'),
    color: 0x2f80ed,
  };
}

export function formatStats(stats: AnswerStats): APIEmbed {
  const share = stats.upShare === null ? '–' : `${Math.round(stats.upShare * 100)}%`;
  return {
    title: 'paperbot in this server',
    fields: [
      { name: 'questions asked', value: String(stats.questions), inline: true },
      { name: 'answers rated', value: String(stats.rated), inline: true },
      { name: 'rated 👍', value: share, inline: true },
    ],
    color: 0x2f80ed,
  };
}
