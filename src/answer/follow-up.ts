/**
 * Which of the previous answer's papers a follow-up refers to, from its words alone
 * (deterministic, offline). See ./README.md, "Follow-ups".
 */

/** How a follow-up named the papers it is about. */
export type ReferenceKind = 'number' | 'ordinal' | 'deictic';

/** A follow-up naming a paper number the previous answer did not have ("[7]" of three). */
export interface OutOfRange {
  kind: 'out_of_range';
  asked: number;
  count: number;
}

export interface Reference {
  kind: ReferenceKind;
  /** Paper ids, in the previous answer's citation order. */
  ids: string[];
  /**
   * The question without the words that point at the papers ("[2]", "the second one",
   * "that paper"): what is searched for inside them.
   */
  rest: string;
}

const ORDINALS: Record<string, (count: number) => number> = {
  first: () => 1,
  second: () => 2,
  third: () => 3,
  fourth: () => 4,
  fifth: () => 5,
  sixth: () => 6,
  last: (count) => count,
  former: () => 1,
  latter: (count) => count,
};
// Word edges that know letters past ASCII: `\b` takes the "ô" of "Itô" for an edge (so "Itô"
// read as "it"), and finds none before the "#" of "#2".
const START = '(?<![\\p{L}\\p{N}_])';
const END = '(?![\\p{L}\\p{N}_])';
const NOUN = '(?:\\s+(?:one|paper|source|study|work|article|of them))?';
const NUMBER = new RegExp(
  `\\[(\\d{1,2})\\]|${START}(?:paper|source|reference|ref\\.?|no\\.?|number|#)\\s*(\\d{1,2})${END}`,
  'giu',
);
// "the second one", "the first?", "according to the latter" — not "the first time".
const ORDINAL = new RegExp(
  `${START}the\\s+(${Object.keys(ORDINALS).join('|')})${NOUN}(?=\\s*(?:[?!.,;:)]|$|(?:and|or|do|does|did|is|was|use|say|says|find|found|report|reports|mean|means|has|have|reach|test|tests)${END}))|${START}the\\s+(${Object.keys(ORDINALS).join('|')})\\s+(?:one|paper|source|study|work|article|of them)${END}`,
  'giu',
);
const THING = '(?:paper|work|study|one|method|approach|model|benchmark|survey)';
/** Words that point back at the previous answer's papers as a whole. */
const PLURAL = new RegExp(
  `${START}(?:they|their|theirs|them|these|those|these papers|those papers|the papers|the authors|both)${END}|^\\s*(?:and|also|what about|how about)${END}`,
  'iu',
);
/** Words that point back at one paper: the one the previous answer led with. */
const SINGULAR = new RegExp(
  `${START}(?:it|its|(?:this|that|the) ${THING}|the (?:survey|method|approach|benchmark)|(?:does|do|did|is|was) (?:that|this))${END}`,
  'iu',
);

/**
 * The papers a follow-up refers to among `cited` (the previous answer's papers, in citation
 * order), or undefined when it refers to none of them (a new subject, or no previous papers).
 * Numbers and ordinals pick papers; without them "they", "these", "the authors" mean all of
 * them, and "it", "that paper" the first (the one the answer led with).
 * A number or ordinal past the end of the list is out of range (the user gets told so).
 */
export function resolveReference(
  question: string,
  cited: readonly string[],
): Reference | OutOfRange | undefined {
  if (cited.length === 0) return undefined;
  const picked: number[] = [];
  let rest = question.replace(NUMBER, (_, bracket?: string, named?: string) => {
    picked.push(Number(bracket ?? named));
    return ' ';
  });
  const numbered = picked.length > 0;
  rest = rest.replace(ORDINAL, (_, a?: string, b?: string) => {
    picked.push(ORDINALS[(a ?? b)!.toLowerCase()]!(cited.length));
    return ' ';
  });
  const ids = [...new Set(picked)]
    .filter((n) => n >= 1 && n <= cited.length)
    .map((n) => cited[n - 1]!);
  const plural = PLURAL.test(rest);
  const singular = SINGULAR.test(rest);
  rest = rest
    .replace(new RegExp(PLURAL.source, 'giu'), ' ')
    .replace(new RegExp(SINGULAR.source, 'giu'), ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (ids.length > 0) return { kind: numbered ? 'number' : 'ordinal', ids, rest };
  if (picked.length > 0)
    return { kind: 'out_of_range', asked: Math.max(...picked), count: cited.length };
  if (plural) return { kind: 'deictic', ids: [...cited], rest };
  return singular ? { kind: 'deictic', ids: [cited[0]!], rest } : undefined;
}

/** Whether a question points back at the conversation at all (used when no papers were kept). */
export function pointsBack(question: string): boolean {
  return (
    PLURAL.test(question) ||
    SINGULAR.test(question) ||
    new RegExp(NUMBER.source, 'iu').test(question)
  );
}
