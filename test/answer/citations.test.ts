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
