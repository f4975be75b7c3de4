import type { APIEmbed } from 'discord.js';
import { paperLink } from '../corpus/paper-link.js';
import { pageDate, type Paper } from '../corpus/paper.js';
import type { SearchHit } from '../search/search-papers.js';
import { LIMITS, escapeText, fitText } from './limits.js';

/** One paper in full: title linking to it, the abstract, and what is known about it. */
export function formatPaper(paper: Paper): APIEmbed {
  const fields = [
    { name: 'id', value: `\`${paper.id}\``, inline: true },
    paper.dateRaw || paper.published
      ? { name: 'date', value: escapeText(pageDate(paper) ?? ''), inline: true }
      : undefined,
    paper.authorsCount !== null
      ? { name: 'authors', value: String(paper.authorsCount), inline: true }
      : undefined,
    paper.organization
      ? { name: 'organisation', value: escapeText(fitText(paper.organization, 200)), inline: true }
      : undefined,
    paper.upvotes !== null
      ? { name: 'upvotes', value: String(paper.upvotes), inline: true }
      : undefined,
  ].filter((f): f is { name: string; value: string; inline: boolean } => f !== undefined);
  return {
    title: fitText(paper.title, LIMITS.embedTitle),
    url: paperLink(paper),
    description: fitText(escapeText(paper.abstract), LIMITS.embedDescription),
    fields,
    footer: { text: fitText(`Seen in ${paper.sources.join(', ')}`, LIMITS.footer) },
    color: 0x2f80ed,
  };
}

/** Papers related to one paper, as a numbered list. */
export function formatSimilar(paper: Paper, hits: readonly SearchHit[]): APIEmbed {
  const lines = hits.map(
    (hit, i) =>
      `**${i + 1}. [${escapeText(fitText(hit.title, 180))}](${paperLink(hit)})** · \`${hit.id}\`${hit.dateText ? ` · ${escapeText(hit.dateText)}` : ''}`,
  );
  return {
    title: fitText(`Related to: ${paper.title}`, LIMITS.embedTitle),
    url: paperLink(paper),
    description: lines.length
      ? fitText(lines.join('\n'), LIMITS.embedDescription, '\n…')
      : 'No related papers in the library.',
    color: 0x2f80ed,
  };
}
