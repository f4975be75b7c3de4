import { describe, expect, it } from 'vitest';
import {
  embedLength,
  escapeText,
  fitText,
  neutralizeMentions,
  plainLinks,
  wholeBlocks,
} from '../../src/discord/limits.js';

describe('fitText', () => {
  it('GIVEN text that fits, to the last character THEN it is returned unchanged, with no note', () => {
    expect(fitText('A short answer [1].', 100)).toBe('A short answer [1].');
    expect(fitText('exactly ten', 11)).toBe('exactly ten');
  });

  it('GIVEN text over the limit with no sentence end THEN it is cut after a whole word', () => {
    const text = 'alpha beta gamma delta epsilon zeta eta theta iota kappa';
    expect(fitText(text, 30)).toBe('alpha beta gamma delta …');
    expect(fitText(text, 30, ' (cut)')).toBe('alpha beta gamma delta (cut)');
  });

  it('GIVEN a sentence end too early to keep most of the room THEN it is cut at a word instead', () => {
    expect(fitText('Yes. alpha beta gamma delta epsilon zeta eta theta', 30)).toBe(
      'Yes. alpha beta gamma delta …',
    );
  });

  it('GIVEN a sentence end or a space that keeps exactly half the room THEN the cut is there, not inside the next word', () => {
    // Room 20 (22 less the note): the sentence ends at 10, then one long word.
    expect(fitText('Abcdefghi. Jklmnopqrstuvwxyz and more', 22)).toBe('Abcdefghi. …');
    expect(fitText('Abcdefghij Klmnopqrstuvwxyz and more', 22)).toBe('Abcdefghij …');
  });

  it('GIVEN citations right after the last sentence end THEN they stay with their sentence', () => {
    expect(fitText('Reward models prefer length. [1][2] Next sentence goes on.', 44)).toBe(
      'Reward models prefer length. [1][2] …',
    );
  });

  it('GIVEN one word longer than the room THEN it is cut at the room, and a room smaller than the note gives the note', () => {
    expect(fitText('x'.repeat(50), 10)).toBe(`${'x'.repeat(8)} …`);
    expect(fitText('too long for this', 1)).toBe('…');
  });

  it('GIVEN no room at all, or a note longer than the limit THEN the note alone, never over the limit', () => {
    expect(fitText('abcdefgh', 2)).toBe('…');
    expect(fitText('abcdefgh', 3, ' [cut]')).toBe('[cu');
  });

  it('GIVEN two-digit citations after the last sentence end THEN they stay with their sentence', () => {
    expect(fitText('Reward models prefer length. [12] Next sentence goes on.', 40)).toBe(
      'Reward models prefer length. [12] …',
    );
  });

  it('GIVEN text that starts with spaces THEN they are kept; only the end of the cut is trimmed', () => {
    expect(fitText('  alpha beta gamma delta epsilon zeta eta theta', 24)).toBe(
      '  alpha beta gamma …',
    );
  });
});

describe('neutralizeMentions', () => {
  it('GIVEN mention syntax THEN it is kept as text, broken by a zero-width space, not removed', () => {
    expect(neutralizeMentions('ping @everyone and @here, <@123>, <@!4>, <@&5>, <#6>')).toBe(
      'ping @\u200beveryone and @\u200bhere, <@\u200b123>, <@!\u200b4>, <@&\u200b5>, <#\u200b6>',
    );
  });
});

describe('plainLinks', () => {
  it('GIVEN masked links THEN their text and address are shown; a citation-like label keeps its brackets', () => {
    expect(
      plainLinks('[v2](https://x.y) [1a](http://x.y) [12](https://a.b) [a](http://c.d  )'),
    ).toBe(
      'v2 (https:\u200b//x.y) 1a (http:\u200b//x.y) [12] (https:\u200b//a.b) a (http:\u200b//c.d)',
    );
  });
});

describe('escapeText', () => {
  it('GIVEN a line starting with # or - THEN it shows as text, not a heading or a list', () => {
    expect(escapeText('# Heading\n- item\nnot-a-list #tag')).toBe(
      '\\# Heading\n\\- item\nnot-a-list #tag',
    );
  });
});

describe('embedLength', () => {
  it('GIVEN an embed THEN it counts title, description, footer, author and every field name and value', () => {
    expect(
      embedLength({
        title: 'ab',
        description: 'cde',
        footer: { text: 'f' },
        author: { name: 'gh' },
        fields: [
          { name: 'i', value: 'jk' },
          { name: 'lmn', value: 'o' },
        ],
      }),
    ).toBe(15);
    expect(embedLength({})).toBe(0);
  });
});

describe('a list cut between whole blocks', () => {
  it('GIVEN blocks and a room THEN the first that fit with their separators, none cut, at most max', () => {
    const blocks = ['aaaa', 'bbbb', 'cccc'];
    // Each costs 4 + 2: two fit in 12, not in 11.
    expect(wholeBlocks(blocks, 12, 2)).toEqual(['aaaa', 'bbbb']);
    expect(wholeBlocks(blocks, 11, 2)).toEqual(['aaaa']);
    expect(wholeBlocks(blocks, 100, 2, 2)).toEqual(['aaaa', 'bbbb']);
    expect(wholeBlocks(blocks, 100, 2)).toEqual(blocks);
    // A block that does not fit ends the list even when a later, shorter one would.
    expect(wholeBlocks(['aaaa', 'bbbbbbbbbb', 'c'], 12, 1)).toEqual(['aaaa']);
    expect(wholeBlocks([], 10, 1)).toEqual([]);
  });
});
