import type { APIActionRowComponent, APIButtonComponent, APIEmbed } from 'discord.js';
import { paperLink } from '../corpus/paper-link.js';
import type { SearchHit } from '../search/search-papers.js';
import { componentId } from './custom-ids.js';
import { LIMITS, escapeText, fitText } from './limits.js';

export const PAGE_SIZE = 10;

export interface SearchPage {
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
}

/** A snippet's text escaped like any abstract, keeping its `**matched words**` bold. */
function escapeSnippet(snippet: string): string {
  return snippet
    .split('**')
    .map((part) => escapeText(part))
    .join('**');
}

/** One page of search results (ten), with Previous/Next buttons keyed to a session. */
export function formatSearchPage(
  query: string,
  hits: readonly SearchHit[],
  page: number,
  sessionId: string,
  message?: string,
): SearchPage {
  const pages = Math.max(1, Math.ceil(hits.length / PAGE_SIZE));
  const current = Math.min(Math.max(0, page), pages - 1);
  const title = fitText(`Search: ${query.replace(/\s+/g, ' ').trim()}`, LIMITS.embedTitle);
  if (hits.length === 0) {
    return {
      embeds: [
        {
          title,
          description: message ?? 'No papers match. Try other words, or fewer of them.',
          color: 0x9b9b9b,
        },
      ],
      components: [],
    };
  }
  const perHit = Math.floor((LIMITS.embedDescription - 20) / PAGE_SIZE);
  const lines = hits.slice(current * PAGE_SIZE, current * PAGE_SIZE + PAGE_SIZE).map((hit, i) => {
    const n = current * PAGE_SIZE + i + 1;
    const head = `**${n}. [${escapeText(fitText(hit.title, 150))}](${paperLink(hit)})**`;
    const facts = [hit.dateText ?? hit.date, `\`${hit.id}\``].filter(Boolean).join(' · ');
    const room = Math.max(0, perHit - head.length - facts.length - 4);
    return `${head}\n${facts}\n${fitText(escapeSnippet(hit.snippet.replace(/\s+/g, ' ')), room)}`;
  });
  const embed: APIEmbed = {
    title,
    description: lines.join('\n\n'),
    color: 0x2f80ed,
    footer: {
      text: `Page ${current + 1} of ${pages} · ${hits.length} result${hits.length === 1 ? '' : 's'}`,
    },
  };
  const components: SearchPage['components'] =
    pages > 1
      ? [
          {
            type: 1,
            components: [
              {
                type: 2,
                style: 2,
                label: 'Previous',
                custom_id: componentId({ kind: 'search-page', sessionId, page: current - 1 }),
                disabled: current === 0,
              },
              {
                type: 2,
                style: 2,
                label: 'Next',
                custom_id: componentId({ kind: 'search-page', sessionId, page: current + 1 }),
                disabled: current === pages - 1,
              },
            ],
          },
        ]
      : [];
  return { embeds: [embed], components };
}
