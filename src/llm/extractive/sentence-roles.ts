/**
 * What a sentence of an abstract does, read from its wording: the sentence the offline
 * answer leads with should state what the paper does or finds, and stand on its own.
 */
export type SentenceRole = 'contribution' | 'finding' | 'motivation' | 'other';

/** Openers that point at a sentence the reader of the answer never sees. */
const DANGLING =
  /^(?:this|these|those|such|it|its|they|their|them|he|she|here|there|thus|hence|therefore|then|also|both|each|the former|the latter|to (?:address|tackle|solve|overcome|mitigate|fill|bridge|this end|that end|do so|achieve this|this aim)|in (?:this way|doing so|contrast|response|particular|turn|that case)|as (?:a result|such)|for (?:this|that) (?:reason|purpose)|on the other hand|at the same time|in addition to (?:this|that)|instead|meanwhile|consequently|accordingly|nevertheless|nonetheless|otherwise|similarly|likewise|(?:based on|motivated by|inspired by|building on|addressing|following|given|beyond|unlike) (?:this|these|that|those|them|it|the (?:first|second|third|former|latter|above|aforementioned)))\b/i;

/** Connectives that can go without changing what the sentence says. */
const DROPPABLE =
  /^(?:however|moreover|furthermore|additionally|in addition|specifically|notably|importantly|overall|finally|concretely|crucially|interestingly|surprisingly|empirically|experimentally|in (?:this|our) (?:paper|work|study)|in summary|in short)\s*,\s*/i;

const CONTRIBUTION =
  /\b(?:we|this (?:paper|work|study)|our (?:work|paper))\b[^.]{0,40}?\b(?:propose|present|introduce|develop|design|build|release|describe|formulate|construct|create|offer|devise|implement)s?\b/i;
const FINDING =
  /\b(?:we (?:\w+ )?(?:show|find|found|demonstrate|observe|reveal|confirm|report|prove|establish|discover)|results? (?:show|demonstrate|indicate|suggest)|experiments? (?:show|demonstrate)|outperform|surpass|improv(?:e|es|ed|ing)\b|achiev(?:e|es|ed|ing)|reduc(?:e|es|ed|ing)|speed-?ups?|accuracy|\d+(?:\.\d+)?\s*(?:%|x\b|×|times))/i;
const MOTIVATION =
  /^(?:however|despite|although|while|recent(?:ly)?|large language models|llms|existing|current|prior|previous|traditional|conventional|many|most|the (?:success|rise|advent|emergence)|with the|as)\b|\b(?:remains? (?:a )?(?:challenging|challenge|unclear|open|difficult)|is (?:known|costly|expensive|challenging|limited|difficult)|suffer|struggle|have shown|has shown|has (?:become|attracted|gained)|are (?:costly|expensive|limited))\b/i;

/** A leading connective removed when the rest stands on its own; undefined when it can't. */
export function standalone(sentence: string): string | undefined {
  if (/\\[a-zA-Z]+/.test(sentence)) return undefined; // an unexpanded LaTeX macro
  const text = sentence.replace(DROPPABLE, '').replace(/\\([%&_$#])/g, '$1');
  if (DANGLING.test(text)) return undefined;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function roleOf(sentence: string): SentenceRole {
  if (CONTRIBUTION.test(sentence)) return 'contribution';
  if (FINDING.test(sentence)) return 'finding';
  if (MOTIVATION.test(sentence)) return 'motivation';
  return 'other';
}

/** A question asking for a figure: how much, how many, what speed-up, which score. */
export function asksForFact(question: string): boolean {
  return /\b(?:how (?:much|many|often|fast|large|big|long|well)|what (?:\w+ )?(?:speed-?up|gain|score|accuracy|percentage|fraction|share|number|size|rate|cost|improvement|correlation)|how .* (?:compare|faster|cheaper|better)|by how)\b/i.test(
    question,
  );
}

/** The sentence holds a figure (a number that is not just a year or a model size): 2x, 30%, 4 points. */
export function hasFigure(sentence: string): boolean {
  return /\d+(?:\.\d+)?\s*(?:%|x\b|×|times|-fold|k\b|m\b|(?:percentage )?points?\b|pp\b)|\b\d+\.\d+\b|\b\d{1,3}(?:,\d{3})+\b|\bfrom \d+(?:\.\d+)? to \d+/i.test(
    sentence,
  );
}
