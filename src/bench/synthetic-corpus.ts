import type { ParsedPaper } from '../corpus/paper.js';
import { createNamer } from './coined-name.js';
import { createRng, itemSeed } from './rng.js';
import { bare, END, type Followers, type TextModel } from './text-model.js';

export interface SyntheticCorpus {
  /** Paper `index`: the same every time, and computable on its own. */
  paper(index: number): ParsedPaper;
  /** Papers [from, to), generated as they are read: a million never sit in memory at once. */
  papers(from: number, to: number): Generator<ParsedPaper>;
}

export interface CorpusOptions {
  /** Give each paper an arXiv id, as papers from the HF daily feed have. */
  arxivIds?: boolean;
}

/** How often a step follows the topic paper's own bigrams rather than the library's. */
const ON_TOPIC = 0.95;
/** Lower for titles: a title's own bigrams alone would give back the real title. */
const TITLE_ON_TOPIC = 0.6;
const MAX_SENTENCE_WORDS = 40;
const CONNECTORS = ['with', 'via', 'using', 'in'];
/** Words a title cut short would end on. */
const DANGLING = /^(a|an|and|as|at|by|for|from|in|into|of|on|or|the|to|via|with|[^\p{L}\p{N}]*)$/iu;

/**
 * A seeded synthetic library. Each paper is modelled on one real paper (its topic): it
 * walks that paper's word bigrams mostly and the whole library's sometimes, so it stays
 * on one subject and a topical word ("context", "reward") is in about as many abstracts
 * as in the real pages, while "language" and "models" are in most of them. Its length
 * is near its topic paper's. Where a real paper's name would appear, the paper's own
 * coined name does; titles carry it too, which also keeps every title unique (the library
 * merges papers with the same title).
 */
export function createSyntheticCorpus(
  model: TextModel,
  seed: number,
  options: CorpusOptions = {},
): SyntheticCorpus {
  const nameFor = createNamer(seed);

  function paper(index: number): ParsedPaper {
    const rng = createRng(itemSeed(seed, index));
    const pick = <T>(items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
    const topic = pick(model.topics);
    const name = nameFor(index, rng);
    const rename = (word: string) =>
      model.names.has(bare(word)) ? word.replace(bare(word), name) : word;

    const walk = (
      starts: readonly string[],
      local: Followers,
      global: Followers,
      onTopic: number,
      max: number,
    ) => {
      const words = [pick(starts)];
      while (words.length < max) {
        const last = words[words.length - 1]!;
        const own = local.get(last);
        const next = pick(own && rng() < onTopic ? own : (global.get(last) ?? [END]));
        if (next === END) break;
        words.push(next);
      }
      return words.map(rename);
    };

    const target = Math.round(topic.words * (0.85 + 0.3 * rng()));
    const sentences: string[] = [];
    let count = 0;
    while (count < target - MAX_SENTENCE_WORDS / 4) {
      const starts = rng() < ON_TOPIC ? topic.starts : pick(model.topics).starts;
      const sentence = walk(starts, topic.next, model.abstractNext, ON_TOPIC, MAX_SENTENCE_WORDS);
      count += sentence.length;
      sentences.push(`${sentence.join(' ').replace(/[,;:]$/, '')}.`);
    }

    let subtitle: string[] = [];
    for (let tries = 0; tries < 5 && subtitle.length < 3; tries++) {
      const starts = rng() < TITLE_ON_TOPIC ? topic.titleStarts : model.titleStarts;
      subtitle = walk(starts, topic.titleNext, model.titleNext, TITLE_ON_TOPIC, 14);
      while (subtitle.length > 3 && DANGLING.test(subtitle[subtitle.length - 1]!)) subtitle.pop();
    }
    const what = subtitle.join(' ').replace(/[,;:]$/, '');
    const title = topic.namedTitle ? `${name}: ${what}` : `${what} ${pick(CONNECTORS)} ${name}`;

    const day = Math.floor(rng() * 3 * 365);
    const published = new Date(Date.UTC(2023, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
    return {
      title,
      abstract: sentences.join(' '),
      authorsCount: 1 + Math.floor(rng() * rng() * 30),
      published,
      dateRaw: published,
      upvotes: Math.floor(rng() * rng() * rng() * 200),
      ...(options.arxivIds ? { arxivId: arxivId(published, index) } : {}),
      source: `synthetic-${seed}`,
    };
  }

  function* papers(from: number, to: number): Generator<ParsedPaper> {
    for (let index = from; index < to; index++) yield paper(index);
  }

  return { paper, papers };
}

/** arXiv's yymm.number, with seven digits so that a million papers each get their own. */
function arxivId(published: string, index: number): string {
  return `${published.slice(2, 4)}${published.slice(5, 7)}.${String(index).padStart(7, '0')}`;
}
