import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ParsedPaper } from '../corpus/paper.js';
import { parsePage } from '../corpus/parse-page.js';
import { createRng, itemSeed } from './rng.js';

/**
 * A word-bigram model of the real pages' titles and abstracts. Generated abstracts
 * have the real vocabulary and its Zipf-like skew ("language" and "models" match most
 * rows, as they do in real data), sentence by sentence, at the real abstracts' length.
 */
export interface TextModel {
  abstract: Chain;
  title: Chain;
  /** Words of the real abstracts, for realistic questions. */
  vocabulary: string[];
}

interface Chain {
  starts: string[];
  /** word → the words seen after it (with repeats, so sampling follows frequency). */
  next: Map<string, string[]>;
}

const END = '.';

export function learnTextModel(pagesDir: string): TextModel {
  const papers: ParsedPaper[] = [];
  for (const name of readdirSync(pagesDir).filter((n) => n.endsWith('.txt')).sort()) {
    const text = readFileSync(join(pagesDir, name), 'utf8');
    papers.push(...parsePage(text, { source: name, referenceDate: new Date('2025-01-01T00:00:00Z') }).papers);
  }
  const abstractSentences = papers.flatMap((p) => p.abstract.split(/(?<=[.!?])\s+(?=[A-Z])/));
  const vocabulary = [...new Set(papers.flatMap((p) => p.abstract.toLowerCase().match(/[a-z][a-z-]{3,}/g) ?? []))].sort();
  return {
    abstract: learnChain(abstractSentences),
    title: learnChain(papers.map((p) => p.title)),
    vocabulary,
  };
}

function learnChain(texts: readonly string[]): Chain {
  const starts: string[] = [];
  const next = new Map<string, string[]>();
  for (const text of texts) {
    const words = text.replace(/[.!?]$/, '').split(/\s+/).filter(Boolean);
    if (words.length === 0) continue;
    starts.push(words[0]!);
    for (let i = 0; i < words.length; i++) {
      const word = words[i]!;
      const follower = words[i + 1] ?? END;
      let list = next.get(word);
      if (!list) next.set(word, (list = []));
      list.push(follower);
    }
  }
  return { starts, next };
}

function walk(chain: Chain, rng: () => number, maxWords: number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
  const words = [pick(chain.starts)];
  while (words.length < maxWords) {
    const options = chain.next.get(words[words.length - 1]!);
    if (!options) break;
    const word = pick(options);
    if (word === END) break;
    words.push(word);
  }
  return words.join(' ');
}

/**
 * Paper `index` of the synthetic library for `seed`: the same every time, and
 * computable on its own, so a million papers never need to sit in memory at once.
 * Titles end in a short code (like the model names real titles carry) to keep
 * them unique, since the library merges papers with the same title.
 */
export function syntheticPaper(model: TextModel, seed: number, index: number): ParsedPaper {
  const rng = createRng(itemSeed(seed, index));
  const sentences = 6 + Math.floor(rng() * 5);
  const abstract: string[] = [];
  for (let i = 0; i < sentences; i++) abstract.push(`${walk(model.abstract, rng, 45)}.`);
  const title = `${walk(model.title, rng, 14)}: ${code(index)}`;
  return { title, abstract: abstract.join(' '), source: `synthetic-${seed}` };
}

/** Papers [from, to) of the library, in order. */
export function* syntheticPapers(model: TextModel, seed: number, from: number, to: number): Generator<ParsedPaper> {
  for (let index = from; index < to; index++) yield syntheticPaper(model, seed, index);
}

function code(index: number): string {
  return `SX${index.toString(36).toUpperCase()}`;
}
