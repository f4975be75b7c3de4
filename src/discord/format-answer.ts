import type { APIActionRowComponent, APIButtonComponent, APIEmbed } from 'discord.js';
import type { Answer } from '../answer/answer-question.js';
import { citedDate } from '../corpus/paper.js';
import { componentId } from './custom-ids.js';
import {
  LIMITS,
  escapeText,
  fitText,
  neutralizeMentions,
  plainLinks,
  wholeBlocks,
} from './limits.js';

export interface AnswerMessage {
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
}

const COLORS = { answered: 0x2f80ed, not_found: 0x9b9b9b, rejected: 0xe5a50a } as const;
/** The answer text keeps at most this much of the description; the sources get the rest. */
const ANSWER_ROOM = 2800;

/**
 * An answer as one embed: the text (cut at a sentence with a note when too long), then
 * its numbered sources with links, within every Discord limit however many there are.
 * With an answer id, 👍/👎 buttons go under it.
 */
export function formatAnswer(answer: Answer, answerId?: string): AnswerMessage {
  const text = fitText(
    plainLinks(neutralizeMentions(answer.text)),
    ANSWER_ROOM,
    ' … (answer shortened to fit Discord)',
  );
  const lines = answer.citations.map((c) => {
    const date = c.date ? ` (${escapeText(citedDate(c.date, c.yearInferred)!)})` : '';
    return `[${c.n}] [${escapeText(fitText(c.title, 200))}](${c.link})${date}`;
  });
  let sources = '';
  if (lines.length > 0) {
    const budget = LIMITS.embedDescription - text.length - 40;
    const kept = wholeBlocks(lines, budget, 1);
    const more = lines.length - kept.length;
    sources = `\n\n**Sources**\n${kept.join('\n')}${more > 0 ? `\n… and ${more} more` : ''}`;
  }
  const embed: APIEmbed = {
    description: `${text}${sources}`,
    color: COLORS[answer.status],
    footer: { text: fitText(footer(answer), LIMITS.footer) },
  };
  if (answer.status === 'not_found' && answer.nearest.length > 0) {
    embed.description = `${escapeText(fitText(answer.text, 500))}\n\n**Nearest titles**\n${answer.nearest
      .map((n) => `• ${escapeText(fitText(n.title, 200))} · \`${n.id}\``)
      .join('\n')}`;
  }
  const components: AnswerMessage['components'] =
    answerId && answer.status === 'answered' ? [feedbackRow(answerId)] : [];
  return { embeds: [embed], components };
}

function footer(answer: Answer): string {
  const parts = [
    answer.status === 'answered'
      ? `answered by ${answer.model}`
      : answer.model === 'none'
        ? 'no model was called'
        : `${answer.model} cited none of the sources, so its answer is not shown`,
  ];
  // The notice quotes the model server's error text: data, never a mention.
  if (answer.notice) parts.unshift(neutralizeMentions(answer.notice));
  return parts.join(' · ');
}

export function feedbackRow(answerId: string): APIActionRowComponent<APIButtonComponent> {
  return {
    type: 1,
    components: [
      {
        type: 2,
        style: 2,
        custom_id: componentId({ kind: 'vote', vote: 'up', answerId }),
        emoji: { name: '👍' },
      },
      {
        type: 2,
        style: 2,
        custom_id: componentId({ kind: 'vote', vote: 'down', answerId }),
        emoji: { name: '👎' },
      },
    ],
  };
}
