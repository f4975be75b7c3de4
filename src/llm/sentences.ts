/** Abbreviations after which a full stop does not end a sentence. */
const ABBREVIATIONS = /(?:\b(?:e\.g|i\.e|et al|etc|vs|cf|Fig|Figs|Eq|Eqs|Sec|No|approx|resp)\.)$/i;

/**
 * Splits an abstract into sentences: a break after `.`, `!` or `?` followed by a space
 * and a capital, digit, quote or bracket, except after common abbreviations.
 */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  const pattern = /[.!?]["')\]]?\s+(?=["'([]?[\p{Lu}\p{N}])/gu;
  let start = 0;
  for (const match of text.matchAll(pattern)) {
    const end = match.index + match[0].trimEnd().length;
    const candidate = text.slice(start, end);
    if (ABBREVIATIONS.test(candidate)) continue;
    sentences.push(candidate.trim());
    start = match.index + match[0].length;
  }
  const rest = text.slice(start).trim();
  if (rest) sentences.push(rest);
  return sentences.filter((s) => s.length > 0);
}
