import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { titleKey, type ParsedPaper } from '../corpus/paper.js';
import { parsePage } from '../corpus/parse-page.js';

/** word → the words seen after it, with repeats, so that sampling follows frequency. */
export type Followers = Map<string, string[]>;

/** One real paper, as material for the synthetic papers modelled on it. */
export interface TopicSource {
  /** First words of its abstract's sentences. */
  starts: string[];
  /** Its own word bigrams: a synthetic paper walks these mostly, so it keeps one topic. */
  next: Followers;
  /** Its title's words (after "Name:"), as a start and bigrams. */
  titleStarts: string[];
  titleNext: Followers;
  /** Its abstract's length in words. */
  words: number;
  /** Its title had the "Name: what it does" form. */
  namedTitle: boolean;
}

/**
 * A word-bigram model of the real pages: the whole library's bigrams, plus each real
 * paper's own. Sentence-end is the END follower.
 */
export interface TextModel {
  topics: TopicSource[];
  abstractNext: Followers;
  titleStarts: string[];
  titleNext: Followers;
  /** The one-word names real titles lead with ("Ruler", "CLEX"); replaced by coined names. */
  names: ReadonlySet<string>;
}

export const END = '\u0000';
const NAMED_TITLE = /^(\S+):\s+(.+)$/;

/** Learns the model from the listing pages in `pagesDir` (each real paper once). */
export function learnTextModel(pagesDir: string): TextModel {
  const byKey = new Map<string, ParsedPaper>();
  for (const name of readdirSync(pagesDir)
    .filter((n) => n.endsWith('.txt'))
    .sort()) {
    const text = readFileSync(join(pagesDir, name), 'utf8');
    const { papers } = parsePage(text, {
      source: name,
      referenceDate: new Date('2025-01-01T00:00:00Z'),
    });
    for (const paper of papers)
      if (!byKey.has(titleKey(paper.title))) byKey.set(titleKey(paper.title), paper);
  }
  const papers = [...byKey.values()];
  if (papers.length === 0) throw new Error(`no papers found in ${pagesDir}`);

  const names = new Set<string>();
  const subtitles: string[][] = [];
  for (const paper of papers) {
    const named = NAMED_TITLE.exec(paper.title);
    if (named) names.add(bare(named[1]!));
    subtitles.push(words(named ? named[2]! : paper.title));
  }
  const abstractNext: Followers = new Map();
  const topics = papers.map((paper, i): TopicSource => {
    const sentences = paper.abstract
      .split(/(?<=[.!?])\s+(?=[A-Z])/)
      .map((s) => words(s.replace(/[.!?]$/, '')));
    const next: Followers = new Map();
    for (const sentence of sentences) {
      addBigrams(next, sentence);
      addBigrams(abstractNext, sentence);
    }
    const titleNext: Followers = new Map();
    addBigrams(titleNext, subtitles[i]!);
    return {
      starts: sentences.map((s) => s[0]).filter((w): w is string => w !== undefined),
      next,
      titleStarts: subtitles[i]!.slice(0, 1),
      titleNext,
      words: words(paper.abstract).length,
      namedTitle: NAMED_TITLE.test(paper.title),
    };
  });
  const titleNext: Followers = new Map();
  for (const subtitle of subtitles) addBigrams(titleNext, subtitle);
  const titleStarts = subtitles.map((s) => s[0]).filter((w): w is string => w !== undefined);
  return { topics, abstractNext, titleStarts, titleNext, names };
}

/** A word without the punctuation around it, e.g. "Ruler," → "Ruler". */
export function bare(word: string): string {
  return word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '').replace(/['’]s$/, '');
}

function words(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

function addBigrams(next: Followers, sentence: readonly string[]): void {
  for (let i = 0; i < sentence.length; i++) {
    const word = sentence[i]!;
    let list = next.get(word);
    if (!list) next.set(word, (list = []));
    list.push(sentence[i + 1] ?? END);
  }
}
