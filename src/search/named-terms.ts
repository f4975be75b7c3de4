/**
 * Words a question writes as identifiers: "vLLM", "QLoRA", "PagedAttention", "GPTQ", "NF4",
 * "H100", "RT-2". Such a name is what a question is specifically about (a method, a data
 * set, a system), so one that no paper contains is strong evidence that the library lacks
 * the topic even when the question's general words ("LLM", "benchmark") match everywhere.
 * See ./README.md, "Not in the library".
 *
 * Only the form counts: inner capitals, letters with digits, an acronym of four letters or
 * more. A capitalised word ("Sanskrit", "Mandarin") is not enough (people write languages,
 * places and people's names that way, and the papers often say the same thing in other
 * words); nor is a short acronym (TV, SMS, OCR, AWQ), a quantity (20k, 7B, 3D) or a month.
 *
 * Returned lowercased and split as the query builder splits words ("RT-2" → "rt"), to be
 * compared with its terms. `isCommonWord` (lowercased) leaves out what everyone writes that
 * way ("NASA"). Text in capitals throughout says nothing by its form: it has no names.
 */
export function namedTerms(
  text: string,
  isCommonWord: (word: string) => boolean = () => false,
): Set<string> {
  const names = new Set<string>();
  let shouted = 0;
  let words = 0;
  for (const [token] of text.normalize('NFKC').matchAll(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu)) {
    // "vLLM's" is "vLLM" (an ending of one or two letters, as the query builder drops it);
    // "RT-2" and "O'Reilly" are judged whole, then split as the query builder splits them.
    const word = token.replace(/['’]\p{L}{0,2}$/u, '');
    // The share of shouting is judged on the words as written: "GPTQ's" and "I'll" have small
    // letters, so they are no shouting.
    if (!/\p{L}/u.test(token) || token.length < 2) continue;
    words++;
    if (!/\p{Ll}/u.test(token)) shouted++;
    for (const part of nameParts(word)) {
      const lower = part.toLowerCase();
      if (part.length >= 2 && !isCommonWord(lower)) names.add(lower);
    }
  }
  // "HOW DO I FINE TUNE A MODEL": the form carries no meaning.
  if (words > 0 && shouted / words > 0.5) return new Set();
  return names;
}

/** The parts of a word (split at hyphens) that are names: "Pangu-GPTQ", "RT-2", "D4RL-style". */
function nameParts(word: string): string[] {
  const parts = word.split(/['’-]/u);
  return parts.filter(
    (part, i) =>
      isName(part) ||
      // A version: "RT-2", "GPT-4", "Llama-2".
      // (Tokens split at ".": "Llama-3.1" comes as "Llama-3" and "1".)
      (isWordlike(part) && /^\d+$/u.test(parts[i + 1] ?? '')),
  );
}

function isName(word: string): boolean {
  if (!isWordlike(word)) return false;
  if (/\p{N}/u.test(word)) return true; // NF4, H100, lrs3
  // An acronym's plural is the acronym: "SSMs" is "SSM".
  const base = /^\p{Lu}{2,}s$/u.test(word) ? word.slice(0, -1) : word;
  // vLLM, QLoRA, GPTQ, PagedAttention; not a short acronym (TV, SMS, OCR: everyday ones)
  return /\p{Lu}/u.test(base.slice(1)) && (base.length > 3 || /\p{Ll}/u.test(base));
}

/**
 * 20k, 7B, 3D, 1000x, 3x3, 8x7B: a number with its unit, or sizes multiplied, not a name.
 * (Tokens split at "." and ",": "1.5B" comes as "1" and "5B".)
 */
const QUANTITY = /^\d+(?:[xX]\d+)*\p{L}{0,2}$/u;
/** Written in capitals by convention ("MAY", in a shouted date), not because they name a topic. */
const CALENDAR: ReadonlySet<string> = new Set(
  `january february march april may june july august september october november december
  monday tuesday wednesday thursday friday saturday sunday`.split(/\s+/),
);

/** Has letters, and is neither a quantity nor a month or a day. */
function isWordlike(word: string): boolean {
  return /\p{L}/u.test(word) && !QUANTITY.test(word) && !CALENDAR.has(word.toLowerCase());
}
