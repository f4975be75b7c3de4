import type { APIActionRowComponent, APIButtonComponent, APIEmbed } from 'discord.js';
import type { DigestContent } from '../digest/digest-content.js';
import { componentId } from './custom-ids.js';
import { LIMITS, escapeText, fitText, wholeBlocks } from './limits.js';

export interface DigestMessage {
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
}

/** Buttons Discord allows: 5 rows of 5. */
const MAX_BUTTONS = 25;
/** Each paper's votes: 👍, 👎 (and "Ask #n" where there is room). */
const VOTE_BUTTONS = 2;

/**
 * One digest message: a header with the date, then each paper (title linked, date,
 * upvotes, one sentence), most upvoted first; what does not fit is counted, never cut
 * mid-paper. Each paper's "Ask #n" button opens the answer flow for it; its 👍 / 👎 are
 * the channel's votes, which order its next digests (src/digest/README.md). Discord allows
 * 25 buttons: up to 12 papers shown get their votes, and "Ask #n" the first 25 − 2 × that
 * (8 papers: all three each; 10: votes for all ten, Ask for the first five).
 */
export function formatDigest(content: DigestContent): DigestMessage {
  const title = fitText(
    `New papers · ${content.date}${content.topic ? ` · ${content.topic}` : ''}`,
    LIMITS.embedTitle,
  );
  const blocks = content.items.map((item, i) => {
    const facts = [item.date, item.upvotes !== null ? `▲ ${item.upvotes}` : null]
      .filter(Boolean)
      .join(' · ');
    return `**${i + 1}. [${escapeText(fitText(item.title, 200))}](${item.link})**${facts ? `\n${escapeText(facts)}` : ''}\n${escapeText(fitText(item.summary, 300))}`;
  });
  const room = LIMITS.embedDescription - 80;
  const shown = wholeBlocks(blocks, room, 2, MAX_BUTTONS);
  const left = content.items.length - shown.length + content.more;
  const description = `${shown.join('\n\n')}${left > 0 ? `\n\n… and ${left} more — /search to see them` : ''}`;
  // Votes first: every paper shown gets 👍 / 👎 while they fit (12); "Ask #n" for as many of
  // the first papers as the buttons left allow (all of them up to 8 papers, 5 of 10).
  const voted = Math.min(shown.length, Math.floor(MAX_BUTTONS / VOTE_BUTTONS));
  const asked = Math.min(voted, MAX_BUTTONS - VOTE_BUTTONS * voted);
  const buttons: APIButtonComponent[] = content.items.slice(0, voted).flatMap((item, i) => [
    ...(i < asked
      ? [
          {
            type: 2 as const,
            style: 2 as const,
            label: `Ask #${i + 1}`,
            custom_id: componentId({ kind: 'ask-about', paperId: item.id }),
          },
        ]
      : []),
    {
      type: 2,
      style: 2,
      label: `👍 #${i + 1}`,
      custom_id: componentId({ kind: 'digest-vote', vote: 'up', paperId: item.id }),
    },
    {
      type: 2,
      style: 2,
      label: `👎 #${i + 1}`,
      custom_id: componentId({ kind: 'digest-vote', vote: 'down', paperId: item.id }),
    },
  ]);
  const components: DigestMessage['components'] = [];
  for (let i = 0; i < buttons.length; i += 5)
    components.push({ type: 1, components: buttons.slice(i, i + 5) });
  return { embeds: [{ title, description, color: 0x2f80ed }], components };
}

/** The same digest as plain text, for the terminal. */
export function digestText(content: DigestContent): string {
  if (content.items.length === 0) return `No new papers for ${content.date}.\n`;
  const lines = [`New papers · ${content.date}${content.topic ? ` · ${content.topic}` : ''}`, ''];
  content.items.forEach((item, i) => {
    const facts = [item.id, item.date, item.upvotes !== null ? `▲ ${item.upvotes}` : null]
      .filter(Boolean)
      .join(' · ');
    lines.push(
      `${i + 1}. ${item.title}`,
      `   ${facts}`,
      `   ${item.summary}`,
      `   ${item.link}`,
      '',
    );
  });
  if (content.more > 0) lines.push(`… and ${content.more} more.`);
  return `${lines.join('\n')}\n`;
}
