import { describe, expect, it } from 'vitest';
import type { AlertItem } from '../../src/digest/watch-alerts.js';
import { alertText, formatAlert } from '../../src/discord/format-alert.js';
import { formatStats } from '../../src/discord/format-help.js';
import { LIMITS, embedLength } from '../../src/discord/limits.js';

const item = (n: number, over: Partial<AlertItem> = {}): AlertItem => ({
  id: `2603.${String(n).padStart(5, '0')}`,
  title: `Paper number ${n} on long context`,
  link: `https://arxiv.org/abs/2603.${String(n).padStart(5, '0')}`,
  topic: 'long context',
  summary: `It does thing ${n}. ${'More words about it. '.repeat(20)}`,
  ...over,
});

describe('formatAlert', () => {
  it('GIVEN two papers THEN one embed lists each with its linked title, topic and one sentence', () => {
    const { embeds } = formatAlert([item(1), item(2, { summary: 'Short.' })]);
    expect(embeds).toHaveLength(1);
    expect(embeds[0]!.title).toBe('2 new papers on your topics');
    expect(embeds[0]!.description).toContain(
      '**[Paper number 2 on long context](https://arxiv.org/abs/2603.00002)**\n*long context* · Short.',
    );
    expect(embeds[0]!.description).not.toContain('more');
    expect(formatAlert([item(1)]).embeds[0]!.title).toBe('1 new paper on your topics');
  });

  it('GIVEN a batch too big for one message THEN it is trimmed at whole papers with "… and N more", within Discord’s limits', () => {
    const items = Array.from({ length: 60 }, (_, i) => item(i + 1));
    const embed = formatAlert(items).embeds[0]!;
    expect(embed.description!.length).toBeLessThanOrEqual(LIMITS.embedDescription);
    expect(embedLength(embed)).toBeLessThanOrEqual(LIMITS.embedTotal);
    const shown = embed.description!.match(/^\*\*\[/gm)!.length;
    expect(shown).toBeGreaterThan(5);
    expect(embed.description).toMatch(
      new RegExp(`… and ${60 - shown} more — /search your topic to see them$`),
    );
    expect(embed.description).toContain(`Paper number ${shown} on long context`);
    expect(embed.description).not.toContain(`Paper number ${shown + 1} on long context`);
  });

  it('GIVEN a title with markdown or a mention THEN it is shown as text', () => {
    const embed = formatAlert([item(1, { title: '@everyone *bold* [x](http://evil)' })]).embeds[0]!;
    expect(embed.description).not.toContain('@everyone');
    expect(embed.description).toContain('\\*bold\\*');
  });
});

describe('alertText', () => {
  it('GIVEN items THEN the terminal lists each with id, topic, sentence and link; none says so', () => {
    expect(alertText('42', [item(1, { summary: 'Short.' })])).toBe(
      'Would send user 42 one direct message with 1 paper(s):\n\n1. Paper number 1 on long context\n   2603.00001 · topic: long context\n   Short.\n   https://arxiv.org/abs/2603.00001\n\n',
    );
    expect(alertText('42', [])).toBe('No alert due for user 42.\n');
  });
});

describe('formatStats: the channel’s most liked digest papers', () => {
  it('GIVEN no vote THEN it says how to vote; GIVEN many long titles THEN the list fits one field', () => {
    const stats = { questions: 3, rated: 1, thumbsUp: 1, upShare: 1 };
    const none = formatStats(stats).fields!.at(-1)!;
    expect(none).toEqual({
      name: 'most liked digest papers in this channel',
      value: 'none yet: vote 👍 / 👎 under a digest',
    });
    const liked = Array.from({ length: 12 }, (_, i) => ({
      id: `p${i}`,
      title: `A *very* long title ${i} ${'word '.repeat(40)}`,
      up: 12 - i,
      down: 1,
    }));
    const value = formatStats(stats, liked).fields!.at(-1)!.value;
    expect(value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
    expect(value).toMatch(/^1\. A \\\*very\\\* long title 0 .*· 👍 12 · 👎 1\n2\. /);
  });
});
