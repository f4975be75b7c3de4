import { stemmer } from 'stemmer';
import { tokenize } from '../search/query-builder.js';
import { STOP_WORDS } from '../search/stop-words.js';
import { hasFigure } from '../llm/extractive/sentence-roles.js';
import { splitSentences } from '../llm/sentences.js';

/** Words nearly every abstract uses: they tell two papers apart from nothing. */
const GENERIC = new Set(
  (
    'paper work study approach method methods model models propose proposed present introduce ' +
    'show shows results result performance task tasks new novel based using use used also ' +
    'large language llm llms existing significantly achieve achieves state art however ' +
    'framework experiments demonstrate effective effectively improve improves different ' +
    'various such well both while more than first these this which their other can without'
  ).split(' '),
);
const WORDS_EACH = 3;

interface Named {
  title: string;
  abstract: string;
  name: string;
}

/**
 * How two papers differ, from their abstracts alone and deterministically: the words each
 * uses that the other never does (title words count thrice), what they share, and which
 * gives a figure. "SpecDec++ [1] centres on draft, candidate and length; “…” [2] on reward,
 * preference and bias. Both deal with tokens. Only [1] gives a figure in its abstract."
 */
export function differenceOffline(first: Named, second: Named): string {
  const a = weighWords(first);
  const b = weighWords(second);
  const own = (mine: Map<string, Weighed>, theirs: Map<string, Weighed>) =>
    top([...mine].filter(([stem]) => !theirs.has(stem)).map(([, w]) => w));
  const shared = top(
    [...a]
      .filter(([stem]) => b.has(stem))
      .map(([stem, w]) => ({
        ...w,
        weight: Math.min(w.weight, b.get(stem)!.weight),
      })),
  ).slice(0, 2);
  const ownA = own(a, b);
  const ownB = own(b, a);
  const parts = [
    ownA.length && ownB.length
      ? `${first.name} [1] centres on ${list(ownA)}; ${second.name} [2] on ${list(ownB)}.`
      : `${first.name} [1] and ${second.name} [2] use much the same words in their abstracts.`,
  ];
  if (shared.length) parts.push(`Both deal with ${list(shared)}.`);
  const figures = [first, second].map((p) => splitSentences(p.abstract).some(hasFigure));
  if (figures[0] !== figures[1])
    parts.push(`Only [${figures[0] ? 1 : 2}] gives a figure in its abstract.`);
  else if (!figures[0]) parts.push('Neither abstract gives a figure.');
  return parts.join(' ');
}

interface Weighed {
  word: string;
  weight: number;
}

function weighWords(paper: Named): Map<string, Weighed> {
  const words = new Map<string, Weighed>();
  const add = (text: string, weight: number) =>
    tokenize(text).forEach(({ word }) => {
      if (word.length < 4 || STOP_WORDS.has(word) || GENERIC.has(word) || /^\d/.test(word)) return;
      const stem = stemmer(word);
      const known = words.get(stem);
      if (known) known.weight += weight;
      else words.set(stem, { word, weight });
    });
  add(paper.title, 3);
  add(paper.abstract, 1);
  return words;
}

/** The heaviest words, ties in order of first use (the order they are kept in; the sort is stable). */
function top(words: Weighed[]): Weighed[] {
  return [...words].sort((x, y) => y.weight - x.weight).slice(0, WORDS_EACH);
}

function list(words: readonly Weighed[]): string {
  const w = words.map((x) => x.word);
  return w.length <= 1 ? (w[0] ?? '') : `${w.slice(0, -1).join(', ')} and ${w.at(-1)}`;
}
