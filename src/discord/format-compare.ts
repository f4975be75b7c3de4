import type { APIEmbed } from 'discord.js';
import { comparisonSource, type Comparison } from '../answer/compare-papers.js';
import { LIMITS, embedLength, escapeText, fitText } from './limits.js';

/** An empty inline field: the third column that makes each pair of fields a row. */
const SPACER = { name: '\u200b', value: '\u200b', inline: true };
const TITLE_CHARS = 200;
const FOOTER_CHARS = 300;

/**
 * Two papers side by side: the papers linked as [1] and [2] and the closing sentence in
 * the description, then one row of two inline fields per line of the comparison. The
 * fields share what the 6000-character total leaves, each at most 1024.
 */
export function formatComparison(c: Comparison): APIEmbed {
  const papers = c.papers.map(
    (p) =>
      `**[${p.n}]** [${escapeText(fitText(p.title, TITLE_CHARS, '…'))}](${p.link}) · \`${p.id}\``,
  );
  const description = fitText(
    `${papers.join('\n')}\n\n**How they differ:** ${escapeText(c.difference)}`,
    LIMITS.embedDescription,
  );
  const footer = {
    text: fitText(comparisonSource(c), FOOTER_CHARS),
  };
  const names = c.rows.map((row) => [
    fitText(`${row.label} · [1]`, LIMITS.fieldName, '…'),
    fitText(`${row.label} · [2]`, LIMITS.fieldName, '…'),
  ]);
  const title = c.aspect
    ? fitText(`Two papers compared, on ${c.aspect}`, LIMITS.embedTitle, '…')
    : 'Two papers compared';
  const skeleton = {
    title,
    description,
    footer,
    fields: names.flatMap(([a, b]) => [{ name: a!, value: '' }, { name: b!, value: '' }, SPACER]),
  };
  const room = LIMITS.embedTotal - embedLength(skeleton);
  const each = Math.min(LIMITS.fieldValue, Math.floor(room / (c.rows.length * 2)));
  // A line cut short keeps its citation (a quoted sentence carries it at its end).
  const value = (text: string, n: 1 | 2) => {
    const cite = `\\[${n}\\]`;
    const fitted = fitText(escapeText(text), each - cite.length - 1);
    return fitted.includes(cite) ? fitted : `${fitted} ${cite}`;
  };
  return {
    title,
    description,
    fields: c.rows.flatMap((row, i) => [
      { name: names[i]![0]!, value: value(row.first, 1), inline: true },
      { name: names[i]![1]!, value: value(row.second, 2), inline: true },
      ...(i < c.rows.length - 1 ? [SPACER] : []),
    ]),
    footer,
    color: 0x2f80ed,
  };
}
