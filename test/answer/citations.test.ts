import { describe, expect, it } from 'vitest';
import { CitationRenumberer, renumberCitations } from '../../src/answer/citations.js';

const valid = new Set([1, 2, 3, 4, 5]);

describe('citation check', () => {
  it('GIVEN citations out of order THEN they are renumbered by first use', () => {
    expect(renumberCitations('A [3]. B [1]. C [3].', valid)).toEqual({
      text: 'A [1]. B [2]. C [1].',
      cited: [3, 1],
    });
  });

  it('GIVEN a citation naming no source THEN it is removed', () => {
    expect(renumberCitations('A [7]. B [2]. C [0].', valid)).toEqual({
      text: 'A. B [1]. C.',
      cited: [2],
    });
  });

  it('GIVEN a citation naming no source right before a real one THEN the space before them stays', () => {
    expect(renumberCitations('Bias and [6][2]. Fixes [7] [1]. None [8][9].', valid).text).toBe(
      'Bias and [1]. Fixes [2]. None.',
    );
    for (const pieces of [
      ['Bias and [6]', '[2].'],
      ['Bias and [6', '][2', '].'],
    ]) {
      const r = new CitationRenumberer(valid);
      const out = pieces.map((p) => r.push(p)).join('') + r.end();
      expect(out).toBe('Bias and [1].');
    }
  });

  it('GIVEN grouped citations THEN each becomes its own bracket', () => {
    expect(renumberCitations('A [2, 4]. B [1-2]. C [9, 4].', valid).text).toBe(
      'A [1][2]. B [3][1]. C [2].',
    );
  });

  it('GIVEN brackets that are not citations THEN they are left alone', () => {
    expect(renumberCitations('See [Dong et al., 2024] and x[i].', valid).text).toBe(
      'See [Dong et al., 2024] and x[i].',
    );
  });

  it('GIVEN a citation split across stream pieces THEN the streamed text equals the whole-text result', () => {
    const text = 'Length bias [3] is real [1, 3]; fixes exist [9]. Done [2].';
    for (let size = 1; size <= 6; size++) {
      const r = new CitationRenumberer(valid);
      let out = '';
      for (let i = 0; i < text.length; i += size) out += r.push(text.slice(i, i + size));
      out += r.end();
      expect(out).toBe(renumberCitations(text, valid).text);
    }
  });
});

describe('citation check: the forms models write', () => {
  const many = new Set(Array.from({ length: 30 }, (_, i) => i + 1));

  it('GIVEN a group without spaces THEN both citations are kept', () => {
    expect(renumberCitations('A [1,2].', valid)).toEqual({ text: 'A [1][2].', cited: [1, 2] });
  });

  it('GIVEN groups joined by "and", by a semicolon or a range with an en dash THEN each number is its own citation', () => {
    expect(renumberCitations('A [1 and 3]. B [4; 2]. C [3–5].', valid)).toEqual({
      text: 'A [1][2]. B [3][4]. C [2][3][5].',
      cited: [1, 3, 4, 2, 5],
    });
  });

  it('GIVEN two-digit source numbers THEN they are citations like any other', () => {
    expect(renumberCitations('A [12]. B [10, 11]. C [10-12].', many)).toEqual({
      text: 'A [1]. B [2][3]. C [2][3][1].',
      cited: [12, 10, 11],
    });
  });

  it('GIVEN a range over more than 20 numbers THEN only its first 20 are read', () => {
    const wide = renumberCitations('A [1-25].', many);
    expect(wide.cited).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const absurd = renumberCitations('B [1-3000000].', many);
    expect(absurd.cited).toHaveLength(20);
  });
});

describe('citation check while streaming', () => {
  const released = (pieces: string[]) => {
    const r = new CitationRenumberer(valid);
    return [...pieces.map((p) => r.push(p)), r.end()];
  };

  it('GIVEN a piece that ends inside a citation THEN nothing of the unfinished citation is shown until it closes', () => {
    expect(released(['[3', '] Bias is real.'])).toEqual(['', '[1] Bias is real.', '']);
    expect(released(['Bias is real [3', '] and [1', '].'])).toEqual([
      'Bias is real',
      ' [1] and',
      ' [2].',
      '',
    ]);
  });

  it('GIVEN a "[" that no citation follows THEN the text after it is held only briefly, and all of it is shown', () => {
    expect(released(['See x[i', ' and more'])).toEqual(['See x', '', '[i and more']);
    expect(released(['See x[i', ' and then a long stretch'])).toEqual([
      'See x',
      '[i and then a long stretch',
      '',
    ]);
  });
});

describe('citation check: what is shown when', () => {
  const released = (pieces: string[]) => {
    const r = new CitationRenumberer(valid);
    return [...pieces.map((p) => r.push(p)), r.end(), r.end()];
  };

  it('GIVEN text with no bracket THEN it is shown at once, whole, and the end adds nothing, however often called', () => {
    expect(released(['Plain text', ' goes on.'])).toEqual(['Plain text', ' goes on.', '', '']);
  });

  it('GIVEN an unclosed "[" with exactly 16 characters from it THEN it is still held; with 17 it is shown', () => {
    expect(released(['x [1, 2, 3, 45, 67', ']'])[0]).toBe('x');
    expect(released(['x [1, 2, 3, 45, 678', ']'])[0]).toBe('x [1, 2, 3, 45, 678');
  });
});

describe('citation groups with spaces inside', () => {
  it('GIVEN spaces inside the brackets or around a range dash THEN the numbers still count', () => {
    expect(renumberCitations('A [ 2 ]. B [ 1-2 ]. C [1 - 4].', valid)).toEqual({
      text: 'A [1]. B [2][1]. C [2][1][3][4].',
      cited: [2, 1, 3, 4],
    });
  });
});
