import { STOP_WORDS } from '../search/stop-words.js';
import { createRng, itemSeed } from './rng.js';
import type { SyntheticCorpus } from './synthetic-corpus.js';

type Template = (topic: string, extra: string) => string;

/** How people type: lower case, half-sentences, a stray question mark. */
const TEMPLATES: Template[] = [
  (t) => `how do language models handle ${t}`,
  (t) => `any work on ${t}?`,
  (t, x) => `any papers on ${t} and ${x}?`,
  (t) => `what is known about ${t}`,
  (t, x) => `is there research on ${t} for ${x}`,
  (t) => `looking for papers about ${t}`,
  (t) => `how can we improve ${t}`,
  (t, x) => `best methods for ${t} with ${x}`,
  (t, x) => `has anyone looked at ${t} in ${x}`,
  (t, x) => `does ${t} help with ${x}`,
  (t, x) => `why does ${t} fail on ${x}`,
  (t) => `recent results on ${t} in llms`,
  (t) => `what's the state of the art in ${t}`,
  (t, x) => `i need something on ${t} and ${x}`,
  (t) => `which papers evaluate ${t}`,
  (t) => `tricks for ${t} in large language models`,
  (t, x) => `can ${t} reduce ${x}`,
  (t) => `explain ${t} to me`,
  (t, x) => `${t} vs ${x} which is better`,
  (t, x) => `how is ${t} measured for ${x}`,
  (t, x) => `i'm trying to find out whether ${t} works for ${x} in practice`,
  (t) => `are there any good surveys or benchmarks on ${t}`,
  (t, x) => `what are the main limitations of ${t} when it comes to ${x}`,
  (t) => `${t} papers`,
  (t, x) => `${t} ${x} evaluation`,
];

/** Abstract-speak nobody types into a search box (adverbs in -ly are dropped too). */
const FILLER = new Set(
  `novel significantly furthermore moreover specifically additionally extensive experiments
  demonstrate demonstrates results existing various achieve achieves outperforms comprehensive
  effectiveness effective approach approaches method methods introduce present presents
  however while using based first second third two three several many well able order
  remarkable notably particularly previous recent whereas since uses use used differ reach
  facilitate employs employ furnish means significant different fewer across make makes
  made shown provide provides improve improves improved enable enables allow allows require
  requires remain remains lead leads become yield yields perform performs including due
  given often still even one new key crucial important leveraging leverage utilize`.split(/\s+/),
);

/**
 * `count` questions the way people type them (5–15 words), each about one synthetic
 * paper of the library: a run of its words as they stand in the abstract ("long context
 * windows", "reward hacking"), sometimes one more of its words, wrapped in everyday
 * phrasing. The same seed gives the same questions.
 */
export function benchQuestions(
  corpus: SyntheticCorpus,
  seed: number,
  librarySize: number,
  count: number,
): string[] {
  const rng = createRng(itemSeed(seed ^ 0x51ed, count));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
  return generate(corpus, librarySize, rng, count, { runs: 2, words: [5, 15] }, (runs) => {
    // A run's tail is usually a noun phrase: "… large language models", "… context windows".
    const run = pick(runs);
    const topic = run.slice(-1 - Math.floor(rng() * 3)).join(' ');
    const extra = pick(runs.filter((r) => r !== run))
      .slice(-1 - Math.floor(rng() * 2))
      .join(' ');
    return pick(TEMPLATES)(topic, extra);
  });
}

/** How people ask in a chat: a sentence or two around two or three topics of one paper. */
const SENTENCES: ((a: string, b: string, c: string) => string)[] = [
  (a, b, c) =>
    `i'm reading about ${a} and wondering whether anyone has shown that ${b} also helps with ${c} in practice`,
  (a, b) =>
    `does anyone know of a paper that looks at ${a} and reports whether ${b} holds up when the models get much larger`,
  (a, b, c) =>
    `we are trying ${a} for our project, what did people find about ${b} and are there known problems with ${c}?`,
  (a, b) =>
    `can someone point me to work comparing ${a} against simpler baselines, especially for ${b}, with numbers`,
  (a, b, c) =>
    `what is the current thinking on ${a}: is ${b} the main bottleneck, or does ${c} matter more`,
  (a, b) =>
    `is there a study that measures how much ${a} costs at inference time and how it interacts with ${b}`,
  (a, b, c) =>
    `how do recent papers handle ${a} when ${b} is limited, and what do they do about ${c}?`,
  (a, b) =>
    `i remember a paper on ${a} that had a trick for ${b}, but i forget the name, any ideas what it was`,
];

/**
 * `count` questions of 15–40 words, the length of an /ask in a chat, each built from two or
 * three runs of one synthetic paper's words, like benchQuestions. The same seed gives the
 * same questions.
 */
export function longBenchQuestions(
  corpus: SyntheticCorpus,
  seed: number,
  librarySize: number,
  count: number,
): string[] {
  const rng = createRng(itemSeed(seed ^ 0x10a9, count));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
  return generate(corpus, librarySize, rng, count, { runs: 3, words: [15, 40] }, (runs) => {
    const [a, b, c] = [0, 1, 2].map(() =>
      pick(runs)
        .slice(-1 - Math.floor(rng() * 3))
        .join(' '),
    );
    return pick(SENTENCES)(a!, b!, c!);
  });
}

/** Questions about random papers of the corpus, each made by `make` from one paper's runs. */
function generate(
  corpus: SyntheticCorpus,
  librarySize: number,
  rng: () => number,
  count: number,
  keep: { runs: number; words: [number, number] },
  make: (runs: string[][]) => string,
): string[] {
  const questions: string[] = [];
  while (questions.length < count) {
    const runs = contentRuns(corpus.paper(Math.floor(rng() * librarySize)).abstract);
    if (runs.length < keep.runs) continue;
    const question = make(runs);
    const words = question.split(' ').length;
    if (words >= keep.words[0] && words <= keep.words[1]) questions.push(question);
  }
  return questions;
}

/** Runs of consecutive topic words in the text, lower-cased, in order. */
function contentRuns(text: string): string[][] {
  const runs: string[][] = [];
  let run: string[] = [];
  for (const token of text.split(/\s+/)) {
    const word = token.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
    const keep =
      /^\p{L}[\p{L}\p{N}-]{2,}$/u.test(word) &&
      !STOP_WORDS.has(word) &&
      !FILLER.has(word) &&
      !/ly$/.test(word);
    if (keep) run.push(word);
    if (!keep || /[.,;:)]$/.test(token)) {
      if (run.length > 0) runs.push(run);
      run = [];
    }
  }
  if (run.length > 0) runs.push(run);
  return runs;
}
