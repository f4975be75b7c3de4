import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/answer-question.js';
import { formatAnswer } from '../../src/discord/format-answer.js';
import { formatPaper } from '../../src/discord/format-paper.js';
import { formatHelp } from '../../src/discord/format-help.js';
import { PAGE_SIZE, formatSearchPage } from '../../src/discord/format-search.js';
import { LIMITS, embedLength, fitText } from '../../src/discord/limits.js';
import type { SearchHit } from '../../src/search/search-papers.js';

const sentence = (i: number) =>
  `Sentence number ${i} says something about long context models and their length bias.`;
const answer = (over: Partial<Answer> = {}): Answer => ({
  question: 'q',
  status: 'answered',
  text: 'Short answer [1].',
  citations: [
    {
      n: 1,
      id: 'abcd2345',
      title: 'A Paper',
      date: '2024-04-05',
      link: 'https://arxiv.org/abs/2404.00001',
    },
  ],
  nearest: [],
  model: 'extractive',
  timings: { searchMs: 1, modelMs: 1, totalMs: 2 },
  ...over,
});
const HOSTILE_TITLE =
  '**Bold** _it_ @everyone <@&123456789012345678> <@123456789012345678> [x](http://evil) `code` ~~s~~ ||spoiler|| @here';

function expectWithinLimits(
  embeds: {
    description?: string;
    title?: string;
    fields?: { name: string; value: string }[];
    footer?: { text: string };
  }[],
) {
  expect(embeds.length).toBeLessThanOrEqual(10);
  let total = 0;
  for (const e of embeds) {
    expect(e.description?.length ?? 0).toBeLessThanOrEqual(LIMITS.embedDescription);
    expect(e.title?.length ?? 0).toBeLessThanOrEqual(LIMITS.embedTitle);
    expect(e.fields?.length ?? 0).toBeLessThanOrEqual(LIMITS.embedFields);
    for (const f of e.fields ?? []) expect(f.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
    total += embedLength(e);
  }
  expect(total).toBeLessThanOrEqual(LIMITS.embedTotal);
}

describe('a "not in the library" answer', () => {
  it('GIVEN nearest titles THEN the embed says so and lists them, escaped, with their ids', () => {
    const embed = formatAnswer(
      answer({
        status: 'not_found',
        text: 'The library has nothing on this.',
        citations: [],
        nearest: [
          { id: 'abcd2345', title: 'First *Near* Paper' },
          { id: 'efgh6789', title: 'Second Near Paper' },
        ],
        model: 'none',
      }),
    ).embeds[0]!;
    expect(embed.description).toBe(
      'The library has nothing on this.\n\n**Nearest titles**\n• First \\*Near\\* Paper · `abcd2345`\n• Second Near Paper · `efgh6789`',
    );
  });
});

describe('the footer says truthfully what answered', () => {
  it('GIVEN no model was called THEN it says so; GIVEN a model cited nothing THEN it names that model', () => {
    const skipped = formatAnswer(
      answer({
        status: 'not_found',
        text: 'The library has nothing on this.',
        citations: [],
        model: 'none',
      }),
    );
    expect(skipped.embeds[0]!.footer?.text).toBe('no model was called');
    const uncited = formatAnswer(
      answer({
        status: 'not_found',
        text: 'The library has nothing on this.',
        citations: [],
        model: 'openai:gpt',
      }),
    );
    expect(uncited.embeds[0]!.footer?.text).toBe(
      'openai:gpt cited none of the sources, so its answer is not shown',
    );
    expect(uncited.embeds[0]!.description).toBe('The library has nothing on this.');
  });

  it("GIVEN a fallback notice quoting the model server's error text THEN its mentions show as text", () => {
    const embed = formatAnswer(
      answer({
        notice:
          'The language model was unavailable (400: <@&123456789012345678> @everyone <@123456789012345678> @here), so this answer quotes the abstracts directly.',
      }),
    ).embeds[0]!;
    expect(embed.footer?.text).toMatch(/^The language model was unavailable/);
    expect(embed.footer?.text).not.toMatch(/<@&?\d|@everyone|@here/);
  });
});

describe('fitText', () => {
  it('GIVEN text over the limit THEN it is cut at a sentence end with the note', () => {
    const text = Array.from({ length: 50 }, (_, i) => sentence(i)).join(' ');
    const fitted = fitText(text, 500, ' (cut)');
    expect(fitted.length).toBeLessThanOrEqual(500);
    expect(fitted).toMatch(/bias\. \(cut\)$/);
  });
});

describe('formatAnswer', () => {
  it('GIVEN a very long answer THEN it is cut at a sentence with a note, never rejected', () => {
    const text = Array.from({ length: 200 }, (_, i) => `${sentence(i)} [1]`).join(' ');
    const { embeds } = formatAnswer(answer({ text }));
    expectWithinLimits(embeds);
    expect(embeds[0]!.description).toMatch(
      /\[1\] … \(answer shortened to fit Discord\)\n\n\*\*Sources\*\*/,
    );
  });

  it('GIVEN 30 sources with long titles THEN the list fits, and the rest are counted', () => {
    const citations = Array.from({ length: 30 }, (_, i) => ({
      n: i + 1,
      id: `id${i}xxxxx`.slice(0, 8),
      title: `${'A very long title about long context '.repeat(8)}${i}`,
      date: '2024-01-01',
      link: `https://arxiv.org/search/?searchtype=title&query=${'x'.repeat(80)}`,
    }));
    const text = Array.from({ length: 60 }, (_, i) => `${sentence(i)} [${(i % 30) + 1}]`).join(' ');
    const { embeds } = formatAnswer(answer({ text, citations }));
    expectWithinLimits(embeds);
    const listed = embeds[0]!.description!.split('**Sources**\n')[1]!.match(/^\[\d+\] /gm)!.length;
    expect(listed).toBeGreaterThan(0);
    expect(listed).toBeLessThan(30);
    expect(embeds[0]!.description).toMatch(new RegExp(`\\n… and ${30 - listed} more$`));
  });

  it('GIVEN titles full of markdown and mentions THEN they show as text and can ping no one', () => {
    const { embeds } = formatAnswer(
      answer({
        text: 'Answer mentioning @everyone and <@123456789012345678> [1].',
        citations: [{ ...answer().citations[0]!, title: HOSTILE_TITLE }],
      }),
    );
    const description = embeds[0]!.description!;
    expect(description).not.toMatch(/@everyone|@here|<@&?\d/);
    expect(description).toContain('\\*\\*Bold\\*\\*');
    expect(description).toContain('x (http:\u200b//evil)');
  });

  it("GIVEN links in the model's text THEN only the cited sources' links are links", () => {
    const { embeds } = formatAnswer(
      answer({
        text: 'Read [the full story](https://evil.example/a) or <https://evil.example/b> or https://evil.example/c, as [1](https://evil.example/d) says [1].',
      }),
    );
    const description = embeds[0]!.description!;
    expect(links(description)).toEqual(['https://arxiv.org/abs/2404.00001']);
    expect(description).toContain('Read the full story (https:\u200b//evil.example/a) or');
    expect(description).toContain('as [1] (https:\u200b//evil.example/d) says [1].');
  });

  it('GIVEN an answer id THEN 👍/👎 buttons with short custom ids; without one, none', () => {
    const row = formatAnswer(answer(), 'AbC123xyz').components[0]!;
    expect(row.components.map((b) => ('custom_id' in b ? b.custom_id : ''))).toEqual([
      'fb:up:AbC123xyz',
      'fb:down:AbC123xyz',
    ]);
    expect(formatAnswer(answer()).components).toEqual([]);
    expect(formatAnswer(answer({ status: 'not_found', citations: [] }), 'x').components).toEqual(
      [],
    );
  });
});

/** What Discord would make clickable: masked link targets and bare or <angled> URLs. */
function links(markdown: string): string[] {
  const masked = [...markdown.matchAll(/\]\((\S+?)\)/g)].map((m) => m[1]!);
  const bare = [...markdown.replace(/\]\((\S+?)\)/g, '] ').matchAll(/https?:\/\/[^\s<>)]+/g)].map(
    (m) => m[0],
  );
  return [...masked, ...bare];
}

describe('formatSearchPage', () => {
  const hits: SearchHit[] = Array.from({ length: 23 }, (_, i) => ({
    rowid: i,
    id: `p${i}`.padEnd(8, 'x'),
    title: `${HOSTILE_TITLE} ${'word '.repeat(60)}`,
    score: 10 - i / 10,
    date: null,
    dateText: 'Jun 18',
    snippet: `…${'**long** context '.repeat(80)}…`,
    abstract: '',
    arxivId: null,
  }));

  it('GIVEN 23 hits THEN page 3 shows hits 21–23 with Previous enabled and Next disabled, within limits', () => {
    const page = formatSearchPage('long context', hits, 2, 'sess1');
    expectWithinLimits(page.embeds);
    expect(page.embeds[0]!.description).toMatch(/^\*\*21\. /);
    expect(page.embeds[0]!.footer!.text).toBe('Page 3 of 3 · 23 results');
    const [prev, next] = page.components[0]!.components as {
      custom_id: string;
      disabled: boolean;
    }[];
    expect(prev).toMatchObject({ custom_id: 'sp:sess1:1', disabled: false });
    expect(next).toMatchObject({ custom_id: 'sp:sess1:3', disabled: true });
    expect(page.embeds[0]!.description).not.toMatch(/@everyone|<@&?\d/);
  });

  it('GIVEN a snippet with mentions and links THEN they show as text and the matched words stay bold', () => {
    const hostile: SearchHit = {
      ...hits[0]!,
      title: 'Plain Title',
      snippet:
        '…**reward** models <@&123456789012345678> @everyone see [code](https://evil.example/x) and http://evil.example/y…',
    };
    const description = formatSearchPage('reward', [hostile], 0, 's').embeds[0]!.description!;
    expect(description).not.toMatch(/@everyone|<@&?\d/);
    expect(links(description)).toEqual([expect.stringMatching(/^https:\/\/arxiv\.org\/search/)]);
    expect(description).toContain('…**reward** models');
  });

  it('GIVEN up to ten hits THEN no buttons', () => {
    expect(formatSearchPage('q', hits.slice(0, PAGE_SIZE), 0, 's').components).toEqual([]);
  });
});

describe('formatPaper', () => {
  it('GIVEN a huge abstract and a hostile title THEN the embed stays within limits', () => {
    const embed = formatPaper({
      id: 'abcd2345',
      title: HOSTILE_TITLE.repeat(10),
      abstract: sentence(1).repeat(100),
      abstractOriginal: null,
      authorsCount: 3,
      organization: 'NVIDIA',
      dateRaw: 'Jun 18',
      published: '2025-06-18',
      dateYearInferred: true,
      upvotes: 7,
      arxivId: null,
      addedAt: '',
      updatedAt: '',
      sources: ['a.txt'],
    });
    expectWithinLimits([embed]);
    expect(embed.fields!.find((f) => f.name === 'date')!.value).toBe(
      'Jun 18 (year not on the page; taken as 2025)',
    );
  });

  it('GIVEN links in an abstract THEN /paper shows them as text; the title links to the paper', () => {
    const embed = formatPaper({
      id: 'abcd2345',
      title: 'A Paper',
      abstract:
        'Code at https://github.com/x/y and [our demo](https://evil.example/demo), data <http://evil.example/d>.',
      abstractOriginal: null,
      authorsCount: null,
      organization: null,
      dateRaw: null,
      published: null,
      dateYearInferred: false,
      upvotes: null,
      arxivId: '2404.00001',
      addedAt: '',
      updatedAt: '',
      sources: ['a.txt'],
    });
    expect(links(embed.description!)).toEqual([]);
    expect(embed.description).toContain('our demo (https:\u200b//evil.example/demo)');
    expect(embed.url).toBe('https://arxiv.org/abs/2404.00001');
  });
});

describe('/help', () => {
  it('GIVEN /help THEN it says a follow-up can point at the last answer’s papers', () => {
    const text = formatHelp(false).description ?? '';
    expect(text).toMatch(/"\[2\] what data set did they use\?"/);
    expect(text).toMatch(/answered from them/);
  });
});
