/** Discord's limits, as the API enforces them. */
export const LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  embedTotal: 6000,
  autocompleteChoices: 25,
  choiceName: 100,
  customId: 100,
} as const;

/**
 * Fits text into `max` characters: whole when it fits, else cut at the last sentence
 * end that leaves room for `note` (falling back to a word boundary), never mid-word. Either
 * counts when it keeps at least half the room; past that, only a word longer than half the
 * room is cut inside.
 */
export function fitText(text: string, max: number, note = ' …'): string {
  if (text.length <= max) return text;
  const room = max - note.length;
  if (room <= 0) return note.trim().slice(0, max);
  const head = text.slice(0, room);
  // The last sentence end, keeping any citations that follow it ("… bias. [1] Next").
  let sentenceEnd = -1;
  for (const match of head.matchAll(/[.!?](?:\s*\[\d+\])*(?=\s)/g))
    sentenceEnd = match.index + match[0].length;
  const space = head.lastIndexOf(' ');
  const cut = sentenceEnd >= room * 0.5 ? sentenceEnd : space >= room * 0.5 ? space : room;
  return `${text.slice(0, cut).trimEnd()}${note}`;
}

/** Mention syntax shown as text (the message is also sent with no allowed mentions). */
/**
 * The first whole blocks (papers, source lines) that fit in `room` characters, each costing
 * its length plus `separator` (the text joining it to the next), at most `max` of them: a
 * list is cut between blocks, never inside one, and the caller counts the rest.
 */
export function wholeBlocks(
  blocks: readonly string[],
  room: number,
  separator: number,
  max = Infinity,
): string[] {
  const kept: string[] = [];
  let used = 0;
  for (const block of blocks) {
    if (used + block.length + separator > room || kept.length === max) break;
    kept.push(block);
    used += block.length + separator;
  }
  return kept;
}

export function neutralizeMentions(text: string): string {
  return text
    .replace(/@(everyone|here)/g, '@\u200b$1')
    .replace(/<(@[!&]?|#)(\d+)>/g, '<$1\u200b$2>');
}

/**
 * Links shown as text (only a cited source's link is a link): a masked link `[text](url)`
 * becomes `text (url)`, and a zero-width space after `scheme:` keeps Discord from
 * autolinking `scheme://…`.
 */
export function plainLinks(text: string): string {
  return text
    .replace(
      /\[([^\]\n]*)\]\(\s*<?([a-z][a-z0-9+.-]*:[^)\s>]*)>?\s*\)/gi,
      (_whole, label: string, url: string) =>
        `${/^\d+$/.test(label) ? `[${label}]` : label} (${url})`,
    )
    .replace(/\b([a-z][a-z0-9+.-]*):(?=\/\/)/gi, '$1:\u200b');
}

/** Markdown, mention and link syntax shown as text: titles and abstracts are data, never markup. */
export function escapeText(text: string): string {
  return plainLinks(neutralizeMentions(text))
    .replace(/([\\*_~`|>[\]])/g, '\\$1')
    .replace(/^([#-])/gm, '\\$1');
}

/** The characters Discord counts toward the 6000 total of a message's embeds. */
export function embedLength(embed: {
  title?: string;
  description?: string;
  footer?: { text: string };
  author?: { name: string };
  fields?: { name: string; value: string }[];
}): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}
