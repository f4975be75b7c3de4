import type { APIEmbed } from 'discord.js';
import type { AnswerStats } from '../db/answer-log.js';
import type { LikedPaper } from '../db/digest-votes.js';
import { LIMITS, escapeText, fitText } from './limits.js';

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
      '`/compare first second [aspect]` — two papers side by side: what each does, its data, its result',
      '`/watch add topic` — a direct message when new papers on your topic arrive (up to 10 topics; `/watch list`, `/watch remove`)',
      '`/stats` — questions asked, how answers were rated, and this channel’s most liked digest papers (Manage Server)',
      '',
      mention,
      'A follow-up can point at the last answer’s papers — "[2] what data set did they use?", "the first one", "that paper" — and is answered from them; it keeps its papers 30 days.',
      'Rate answers with 👍/👎. If the library has nothing on a question, I say so rather than guess.',
      'Vote 👍/👎 on a digest’s papers: the channel’s next digests put papers like its liked ones first.',
    ].join('\n'),
    color: 0x2f80ed,
  };
}

export function formatStats(stats: AnswerStats, liked: readonly LikedPaper[] = []): APIEmbed {
  const share = stats.upShare === null ? '–' : `${Math.round(stats.upShare * 100)}%`;
  const lines = liked.map(
    (p, i) => `${i + 1}. ${escapeText(fitText(p.title, 120))} · 👍 ${p.up} · 👎 ${p.down}`,
  );
  return {
    title: 'paperbot in this server',
    fields: [
      { name: 'questions asked', value: String(stats.questions), inline: true },
      { name: 'answers rated', value: String(stats.rated), inline: true },
      { name: 'rated 👍', value: share, inline: true },
      {
        name: 'most liked digest papers in this channel',
        value: lines.length
          ? fitText(lines.join('\n'), LIMITS.fieldValue)
          : 'none yet: vote 👍 / 👎 under a digest',
      },
    ],
    color: 0x2f80ed,
  };
}
