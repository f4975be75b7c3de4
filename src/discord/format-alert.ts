import type { APIEmbed } from 'discord.js';
import type { AlertItem } from '../digest/watch-alerts.js';
import { LIMITS, escapeText, fitText, wholeBlocks } from './limits.js';

/**
 * One alert direct message: every paper (title linked, the topic it matched, one
 * sentence), in the order they entered the library; what does not fit in the embed is
 * counted ("… and N more"), never cut mid-paper.
 */
export function formatAlert(items: readonly AlertItem[]): { embeds: APIEmbed[] } {
  const title = `${items.length} new paper${items.length === 1 ? '' : 's'} on your topics`;
  const blocks = items.map(
    (item) =>
      `**[${escapeText(fitText(item.title, 200))}](${item.link})**\n*${escapeText(item.topic)}* · ${escapeText(fitText(item.summary, 300))}`,
  );
  const room = LIMITS.embedDescription - 80;
  const shown = wholeBlocks(blocks, room, 2);
  const left = items.length - shown.length;
  const description = `${shown.join('\n\n')}${left > 0 ? `\n\n… and ${left} more — /search your topic to see them` : ''}`;
  return {
    embeds: [
      {
        title,
        description,
        color: 0x2f80ed,
        footer: { text: '/watch list shows your topics; /watch remove stops one' },
      },
    ],
  };
}

/** The same alert as plain text, for the terminal (`paperbot watch`). */
export function alertText(userId: string, items: readonly AlertItem[]): string {
  if (items.length === 0) return `No alert due for user ${userId}.\n`;
  const lines = [`Would send user ${userId} one direct message with ${items.length} paper(s):`, ''];
  items.forEach((item, i) => {
    lines.push(
      `${i + 1}. ${item.title}`,
      `   ${item.id} · topic: ${item.topic}`,
      `   ${item.summary}`,
      `   ${item.link}`,
      '',
    );
  });
  return `${lines.join('\n')}\n`;
}
