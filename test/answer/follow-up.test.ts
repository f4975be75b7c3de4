import { describe, expect, it } from 'vitest';
import { pointsBack, resolveReference } from '../../src/answer/follow-up.js';

const CITED = ['aaaa1111', 'bbbb2222', 'cccc3333'];
const idsOf = (question: string) => {
  const reference = resolveReference(question, CITED);
  return reference && 'ids' in reference ? reference.ids : reference;
};

describe('resolveReference: which of the previous answer’s papers a follow-up means', () => {
  it('GIVEN "[2] …" THEN paper 2, and the marker is not searched for', () => {
    expect(resolveReference('[2] what data set did they use?', CITED)).toEqual({
      kind: 'number',
      ids: ['bbbb2222'],
      rest: 'what data set did use?',
    });
  });

  it('GIVEN "paper 3" or "source 1" THEN that paper', () => {
    expect(idsOf('paper 3: which embedding models?')).toEqual(['cccc3333']);
    expect(idsOf('what does source 1 report?')).toEqual(['aaaa1111']);
  });

  it('GIVEN ordinals THEN the paper at that place, "the last" the last one', () => {
    expect(resolveReference('What does the second one do differently?', CITED)).toMatchObject({
      kind: 'ordinal',
      ids: ['bbbb2222'],
      rest: 'What does do differently?',
    });
    expect(idsOf('How does it compare with the first?')).toEqual(['aaaa1111']);
    expect(idsOf('What does the last paper say about fairness?')).toEqual(['cccc3333']);
    expect(idsOf('compare the first and the third')).toEqual(['aaaa1111', 'cccc3333']);
  });

  it('GIVEN "the first" used as an ordinary word ("the first time") THEN no reference', () => {
    expect(resolveReference('Which model was the first to beat GPT-4?', CITED)).toBeUndefined();
  });

  it('GIVEN "they", "their", "these" THEN all the papers; "that paper", "it" THEN the one the answer led with', () => {
    expect(resolveReference('What data set did they use?', CITED)).toMatchObject({
      kind: 'deictic',
      ids: CITED,
    });
    expect(idsOf('How large were their models?')).toEqual(CITED);
    expect(idsOf('Which models did that paper test?')).toEqual(['aaaa1111']);
    expect(idsOf('How does that compare with Medusa?')).toEqual(['aaaa1111']);
  });

  it('GIVEN a follow-up on a new subject THEN no reference', () => {
    expect(
      resolveReference('Which papers detect text written by language models?', CITED),
    ).toBeUndefined();
  });

  it('GIVEN a number past the previous answer’s papers THEN out of range; no previous papers THEN no reference', () => {
    const out = { kind: 'out_of_range', asked: 7, count: 3 };
    expect(resolveReference('[7] what data set?', CITED)).toEqual(out);
    expect(resolveReference('the fifth one?', CITED)).toEqual({ ...out, asked: 5 });
    expect(resolveReference('[1] what data set did they use?', [])).toBeUndefined();
  });

  it('GIVEN pointsBack THEN true for pronouns and numbers, false for a self-contained question', () => {
    expect(pointsBack('and which benchmark measures it?')).toBe(true);
    expect(pointsBack('[2] why?')).toBe(true);
    expect(pointsBack('Which papers study music playlists?')).toBe(false);
  });
});
