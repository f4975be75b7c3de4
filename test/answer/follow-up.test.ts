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

describe('resolveReference: how each way of pointing is read', () => {
  it('GIVEN "ref 2", "ref. 2", "no 2", "no. 2", "number 2", "#2" THEN paper 2', () => {
    for (const marker of ['ref 2', 'ref. 2', 'no 2', 'No. 2', 'number 2', '#2', 'reference 2'])
      expect(idsOf(`what does ${marker} say about speed?`)).toEqual(['bbbb2222']);
  });

  it('GIVEN a two-digit number past the list ("[12]", "paper 12") THEN out of range, naming it', () => {
    const out = { kind: 'out_of_range', asked: 12, count: 3 };
    expect(resolveReference('[12] which data?', CITED)).toEqual(out);
    expect(resolveReference('what does paper 12 report?', CITED)).toEqual(out);
  });

  it('GIVEN "[0]" THEN out of range, not a paper', () => {
    expect(resolveReference('[0] why?', CITED)).toEqual({
      kind: 'out_of_range',
      asked: 0,
      count: 3,
    });
  });

  it('GIVEN two numbers past the list THEN the message names the larger', () => {
    expect(resolveReference('compare [9] with [5]', CITED)).toEqual({
      kind: 'out_of_range',
      asked: 9,
      count: 3,
    });
  });

  it('GIVEN an ordinal and a noun followed by any word ("the second paper better…") THEN that paper', () => {
    expect(idsOf('Is the second paper better at math?')).toEqual(['bbbb2222']);
  });

  it('GIVEN markers typed against words ("[1]and[2]differ") THEN the words left to search stay apart', () => {
    expect(resolveReference('how do [1]and[2]differ?', CITED)).toMatchObject({
      ids: ['aaaa1111', 'bbbb2222'],
      rest: 'how do and differ?',
    });
  });

  it('GIVEN a follow-up opening "what about…" or "And…" THEN all the papers', () => {
    expect(idsOf('what about memory use?')).toEqual(CITED);
    expect(idsOf('And memory use?')).toEqual(CITED);
  });

  it('GIVEN "and" inside a question, or a word ending in "and" at its start THEN no reference', () => {
    expect(
      resolveReference('Which papers combine retrieval and generation?', CITED),
    ).toBeUndefined();
    expect(resolveReference('Hand gesture recognition with transformers?', CITED)).toBeUndefined();
  });

  it('GIVEN capitals ("Its", "They") and a pointing word twice THEN every one of them leaves what is searched', () => {
    expect(resolveReference('Its data, and its size?', CITED)).toEqual({
      kind: 'deictic',
      ids: ['aaaa1111'],
      rest: 'data, and size?',
    });
    expect(resolveReference('They trained their models how?', CITED)).toEqual({
      kind: 'deictic',
      ids: CITED,
      rest: 'trained models how?',
    });
  });

  it('GIVEN a word that starts like a pronoun past ASCII ("Itô") THEN no reference, and the word is kept', () => {
    expect(resolveReference('Which papers use Itô calculus?', CITED)).toBeUndefined();
    expect(
      resolveReference('Which diffusion models use Itô SDEs for sampling?', CITED),
    ).toBeUndefined();
    expect(pointsBack('Which papers use Itô calculus?')).toBe(false);
  });
});

describe('pointsBack', () => {
  it('GIVEN a plural pronoun alone, or a capitalised "Paper 2" THEN it points back', () => {
    expect(pointsBack('What did they find?')).toBe(true);
    expect(pointsBack('What does Paper 2 say?')).toBe(true);
  });
});
