import { describe, expect, it } from 'vitest';
import { compareOffline } from '../../src/answer/compare-offline.js';
import type { Comparison } from '../../src/answer/compare-papers.js';
import { formatComparison } from '../../src/discord/format-compare.js';
import { formatHelp } from '../../src/discord/format-help.js';
import { LIMITS, embedLength } from '../../src/discord/limits.js';

const short = (id: string, title: string, abstract: string) => ({
  id,
  title,
  abstract,
  arxivId: id === 'aaaaaaaa' ? '2401.00001' : null,
});
const a = short(
  'aaaaaaaa',
  'DraftSpec: Faster Decoding',
  'We propose DraftSpec, a speculative decoding scheme. We evaluate on the GSM8K benchmark. It is 2.5x faster.',
);
const b = short(
  'bbbbbbbb',
  'Reward Models Prefer Verbose Answers',
  'We show that reward models prefer longer answers.',
);

function withinLimits(embed: ReturnType<typeof formatComparison>) {
  expect(embedLength(embed as Parameters<typeof embedLength>[0])).toBeLessThanOrEqual(
    LIMITS.embedTotal,
  );
  expect(embed.title!.length).toBeLessThanOrEqual(LIMITS.embedTitle);
  expect(embed.description!.length).toBeLessThanOrEqual(LIMITS.embedDescription);
  expect(embed.fields!.length).toBeLessThanOrEqual(LIMITS.embedFields);
  expect(embed.footer!.text.length).toBeLessThanOrEqual(LIMITS.footer);
  for (const f of embed.fields!) {
    expect(f.name.length).toBeGreaterThan(0);
    expect(f.value.length).toBeGreaterThan(0);
    expect(f.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
  }
}

describe('formatComparison', () => {
  it('GIVEN a comparison THEN rows of two inline fields ([1] left, [2] right), the papers linked and the closing sentence above', () => {
    const embed = formatComparison({ ...compareOffline(a, b, 'speed'), model: 'extractive' });
    expect(embed.title).toBe('Two papers compared, on speed');
    expect(embed.description).toMatch(
      /^\*\*\[1\]\*\* \[DraftSpec: Faster Decoding\]\(https:\/\/arxiv\.org\/abs\/2401\.00001\) · `aaaaaaaa`\n\*\*\[2\]\*\* \[Reward Models Prefer Verbose Answers\]\(https:\/\/arxiv\.org\/search\/.+\) · `bbbbbbbb`\n\n\*\*How they differ:\*\* DraftSpec \\\[1\\\] centres on /,
    );
    const fields = embed.fields!;
    // Four rows (aspect, does, data, result): two inline fields and a spacer between rows.
    expect(fields.map((f) => f.name)).toEqual([
      'On speed · [1]',
      'On speed · [2]',
      '\u200b',
      'What it does · [1]',
      'What it does · [2]',
      '\u200b',
      'Data · [1]',
      'Data · [2]',
      '\u200b',
      'Headline result · [1]',
      'Headline result · [2]',
    ]);
    expect(fields.every((f) => f.inline)).toBe(true);
    expect(fields[3]!.value).toBe(
      'DraftSpec \\[1\\] proposes DraftSpec, a speculative decoding scheme.',
    );
    expect(fields[7]!.value).toMatch(/the abstract names no data set\.$/);
    expect(embed.footer!.text).toBe('Drawn from the abstracts, offline.');
    withinLimits(embed);
  });

  it('GIVEN the model wrote the closing sentence, or failed THEN the footer says which', () => {
    const offline = compareOffline(a, b);
    expect(formatComparison({ ...offline, model: 'openai:gpt-4o-mini' }).footer!.text).toBe(
      'Closing sentence by openai:gpt-4o-mini; the rest quotes the abstracts.',
    );
    const failed: Comparison = {
      ...offline,
      model: 'extractive',
      notice:
        'The language model was unavailable (timeout), so the closing sentence is drawn from the abstracts.',
    };
    expect(formatComparison(failed).footer!.text).toBe(failed.notice);
  });

  it('GIVEN very long titles and abstracts THEN every Discord limit holds and each column still shows its citation', () => {
    const long = (n: number) =>
      Array.from(
        { length: 30 },
        (_, i) =>
          `${n === 1 ? 'We propose method' : 'Method'} ${n}-${i} that improves accuracy by ${i}.5% on the benchmark data set number ${i} ${'with many careful words '.repeat(12)}`,
      ).join('. ');
    const embed = formatComparison({
      ...compareOffline(
        short('cccccccc', `A ${'very long title '.repeat(30)}`, long(1)),
        short('dddddddd', `B ${'very long title '.repeat(30)}`, long(2)),
        'accuracy',
      ),
      difference: 'They differ, [1] from [2]. '.repeat(22),
      model: 'extractive',
      notice: `The language model was unavailable (${'why '.repeat(600)}), so …`,
    });
    withinLimits(embed);
    const cells = embed.fields!.filter((f) => f.name !== '\u200b');
    // Both columns were cut to fit; the right one quotes third-person sentences, whose
    // citation at the end was cut off and is put back.
    expect(cells.filter((_, i) => i % 2 === 0).every((f) => f.value.endsWith(' …'))).toBe(true);
    expect(cells.filter((_, i) => i % 2 === 1).every((f) => f.value.endsWith(' … \\[2\\]'))).toBe(
      true,
    );
    for (const [i, f] of cells.entries()) expect(f.value).toContain(`\\[${(i % 2) + 1}\\]`);
  });

  it('GIVEN /help THEN it describes /compare', () => {
    expect(formatHelp(false).description).toContain(
      '`/compare first second [aspect]` — two papers side by side: what each does, its data, its result',
    );
  });
});
