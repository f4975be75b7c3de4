import { noTopicWords, topicExpressions } from './expressions.js';
import { STOP_WORDS } from './stop-words.js';

/** At most this many distinct terms reach FTS5; the rest of a very long text is ignored. */
export const MAX_QUERY_TERMS = 32;
/** Longer "words" are noise (hashes, pasted blobs), not something to match. */
const MAX_WORD_CHARS = 64;

export type BuiltQuery =
  | {
      ok: true;
      match: string;
      terms: string[];
      /** Expressions that name one thing ("large language models"), as typed, word by word. */
      expressions: string[][];
    }
  | { ok: false; message: string; terms: [] };

/**
 * Turns anything a user can type into a safe FTS5 MATCH expression, or a message
 * saying why there is nothing to search for. FTS5 operators in the text (quotes, NEAR,
 * AND/OR/NOT, `*`, `^`, `:`, `-`, parentheses) are read as plain words: each kept
 * term is double-quoted, so the result is always valid FTS5 syntax, and the terms are
 * OR-ed so that BM25 ranks papers by how many of them, and how rare, they match.
 * A word ending in `*` (e.g. `quantiz*`, three letters or more) stays a prefix search.
 * Expressions that name no topic ("state of the art", "in this paper") are left out whole.
 */
export function buildFtsQuery(text: string): BuiltQuery {
  const words = tokenize(text);
  if (words.length === 0) {
    return { ok: false, message: 'Type a few words to search for.', terms: [] };
  }
  const terms: string[] = [];
  const seen = new Set<string>();
  let stopWords = 0;
  const framing = noTopicWords(words.map((w) => (w.prefix ? '' : w.word)));
  for (const [i, { word, prefix }] of words.entries()) {
    if (STOP_WORDS.has(word) || framing[i]) {
      stopWords++;
      continue;
    }
    if (!prefix && word.length === 1 && !/\p{N}/u.test(word)) continue;
    if (word.length > MAX_WORD_CHARS) continue;
    const term = prefix ? `${word}*` : word;
    if (seen.has(term)) continue;
    seen.add(term);
    terms.push(term);
    if (terms.length === MAX_QUERY_TERMS) break;
  }
  if (terms.length === 0) {
    const message =
      stopWords === words.length
        ? 'Those are all very common words; add a more specific word or two to search for.'
        : 'There is nothing in that text to search for; type a few words.';
    return { ok: false, message, terms: [] };
  }
  const expressions = topicExpressions(words.map((w) => (w.prefix ? '' : w.word)));
  return { ok: true, match: terms.map(matchPhrase).join(' OR '), terms, expressions };
}

/**
 * A term of buildFtsQuery as an FTS5 MATCH phrase: quoted, so it is never read as syntax
 * (its characters are letters, digits and apostrophes); `word*` stays a prefix search.
 */
export function matchPhrase(term: string): string {
  return term.endsWith('*') ? `"${term.slice(0, -1)}"*` : `"${term}"`;
}

interface Word {
  word: string;
  prefix: boolean;
}

/** Letters and digits (with inner apostrophes) as words; everything else separates them. */
export function tokenize(text: string): Word[] {
  const words: Word[] = [];
  const pattern = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*(\*)?/gu;
  for (const match of text.normalize('NFKC').matchAll(pattern)) {
    const typed = match[0].replace(/\*$/, '').replace(/’/g, "'").toLowerCase();
    // A stop word stays whole ("don't"). Otherwise the index splits at the apostrophe, and so
    // do we: an ending of one or two letters is dropped ("model's" → "model", "they'll" →
    // "they"), a longer one is a word ("l'attention" → "l", "attention"; "O'Reilly").
    const parts = STOP_WORDS.has(typed)
      ? [typed]
      : typed.split("'").filter((part, i) => i === 0 || part.length > 2);
    parts.forEach((word, i) => {
      const prefix = match[1] !== undefined && i === parts.length - 1 && word.length >= 3;
      words.push({ word, prefix });
    });
  }
  return words;
}
