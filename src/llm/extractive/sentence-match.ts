import { stemmer } from 'stemmer';
import { tokenize } from '../../search/query-builder.js';
import { STOP_WORDS } from '../../search/stop-words.js';
import type { VectorTable } from '../../search/word-vectors.js';

/** A word of the question or of a sentence: its stem, and its row in the vector table. */
interface Word {
  stem: string;
  row: number | undefined;
}

/** Below this cosine two different words are not taken as saying the same thing. */
const NEAR = 0.6;
/** A near word counts this much of an exact one. */
const NEAR_WEIGHT = 0.5;

export function wordsOf(text: string, vectors: VectorTable | undefined): Word[] {
  const out: Word[] = [];
  const seen = new Set<string>();
  for (const { word } of tokenize(text)) {
    if (STOP_WORDS.has(word)) continue;
    const stem = stemmer(word);
    if (seen.has(stem)) continue;
    seen.add(stem);
    out.push({ stem, row: vectors?.indexOf(word) });
  }
  return out;
}

/**
 * How well a sentence matches the question: for each question word, 1 when the sentence
 * has it (same stem), NEAR_WEIGHT × cosine when it has a word near it in meaning, weighted
 * by the word's rarity among the sentences (`idf`); and how many question words it has.
 */
export function matchSentence(
  question: readonly Word[],
  sentence: readonly Word[],
  idf: (stem: string) => number,
  vectors: VectorTable | undefined,
): { score: number; matched: number } {
  const stems = new Set(sentence.map((w) => w.stem));
  let score = 0;
  let matched = 0;
  for (const q of question) {
    const weight = idf(q.stem);
    if (stems.has(q.stem)) {
      score += weight;
      matched++;
      continue;
    }
    if (!vectors || q.row === undefined) continue;
    let best = 0;
    for (const w of sentence) {
      if (w.row === undefined) continue;
      const c = vectors.cosine(q.row, w.row);
      if (c > best) best = c;
    }
    if (best >= NEAR) {
      score += weight * NEAR_WEIGHT * best;
      matched += 0.5;
    }
  }
  return { score, matched };
}

/**
 * idf of a stem over the candidate sentences: a stem in all of them weighs little, one in
 * none (a question word only matched by meaning) weighs the most.
 */
export function inverseFrequencies(
  sentences: readonly (readonly Word[])[],
): (stem: string) => number {
  const df = new Map<string, number>();
  for (const words of sentences) for (const w of words) df.set(w.stem, (df.get(w.stem) ?? 0) + 1);
  const n = sentences.length;
  return (stem) => {
    const count = df.get(stem) ?? 0;
    return Math.log(1 + (n - count + 0.5) / (count + 0.5));
  };
}
