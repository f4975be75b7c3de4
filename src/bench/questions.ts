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
  const questions: string[] = [];
  while (questions.length < count) {
    const { abstract } = corpus.paper(Math.floor(rng() * librarySize));
    const runs = contentRuns(abstract);
    if (runs.length < 2) continue;
    // A run's tail is usually a noun phrase: "… large language models", "… context windows".
    const run = pick(runs);
    const topic = run.slice(-1 - Math.floor(rng() * 3)).join(' ');
    const extra = pick(runs.filter((r) => r !== run))
      .slice(-1 - Math.floor(rng() * 2))
      .join(' ');
    const question = pick(TEMPLATES)(topic, extra);
    const words = question.split(' ').length;
    if (words >= 5 && words <= 15) questions.push(question);
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
