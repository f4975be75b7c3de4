import type { VectorTable } from '../search/word-vectors.js';
import { ModelError, type ChatMessage, type ChatModel, type ChatOptions } from './chat-model.js';
import { attribute, paperName } from './extractive/attribution.js';
import { inverseFrequencies, matchSentence, wordsOf } from './extractive/sentence-match.js';
import { asksForFact, hasFigure, roleOf, standalone } from './extractive/sentence-roles.js';
import { readPromptBody, type FormattedSource } from './prompt-format.js';
import { splitSentences } from './sentences.js';

export const EXTRACTIVE_MODEL_NAME = 'extractive';
const MAX_SENTENCE_CHARS = 400;
/** Sentences from the paper the answer leads with, and from the others. */
const MAX_LEAD_SENTENCES = 2;
const MAX_OTHER_PAPERS = 3;
/** Each rank below the first weighs a sentence this much less (the search's order is evidence). */
const PRIOR_STEP = 0.3;
/** Another paper leads when its best sentence scores this many times the first's. */
const SWITCH = 3;
/** Another paper is quoted when its sentence scores at least this share of the lead's. */
const OTHER_SHARE = 0.3;

export interface ExtractiveOptions {
  /**
   * Word vectors, so that a sentence saying the question's thing in other words matches; or
   * a function giving them, called on the first answer (start-up then reads nothing).
   */
  vectors?: VectorTable | (() => VectorTable);
}

interface Candidate {
  n: number;
  position: number;
  text: string;
  score: number;
  matched: number;
  figure: boolean;
}

/**
 * An offline, deterministic "model": it answers from the numbered sources in the prompt.
 * It leads with the paper whose sentence best answers the question (what the paper does or
 * finds, not its motivation), says who said it ("SpecDec++ [1] chooses…"), adds the figure
 * a fact question asks for, then a line from up to two other papers that also address the
 * question. No sentence that leans on one the reader can't see. See ./README.md.
 */
export function createExtractiveModel(options: ExtractiveOptions = {}): ChatModel {
  return {
    name: EXTRACTIVE_MODEL_NAME,
    async *stream(messages: ChatMessage[], chat: ChatOptions = {}) {
      if (chat.signal?.aborted) throw new ModelError('aborted', 'the request was cancelled');
      const answer = extractiveAnswer(messages, options);
      for (const piece of answer.split(/(?<=\] )/)) {
        if (chat.signal?.aborted) throw new ModelError('aborted', 'the request was cancelled');
        yield piece;
      }
    },
  };
}

/** The whole answer for a prompt built with the project's prompt format. */
export function extractiveAnswer(
  messages: readonly ChatMessage[],
  options: ExtractiveOptions = {},
): string {
  const user = [...messages].reverse().find((m) => m.role === 'user');
  const parts = user ? readPromptBody(user.content) : undefined;
  if (!parts) {
    throw new ModelError(
      'bad_response',
      'the extractive model only reads prompts with numbered sources',
    );
  }
  if (parts.sources.length === 0) return 'The library has nothing on this.';
  const names = new Map(parts.sources.map((s) => [s.n, paperName(s.title, s.abstract)]));
  const vectors = typeof options.vectors === 'function' ? options.vectors() : options.vectors;
  const chosen = chooseSentences(parts.question, parts.sources, vectors);
  return chosen.map((c) => attribute(c.text, names.get(c.n)!, c.n)).join(' ');
}

function chooseSentences(
  question: string,
  sources: readonly FormattedSource[],
  vectors: VectorTable | undefined,
): Candidate[] {
  const asked = wordsOf(question, vectors);
  const fact = asksForFact(question);
  const raw = sources.flatMap((source) => {
    const sentences = splitSentences(source.abstract);
    return sentences.flatMap((sentence, position) => {
      // A sentence leaning on the one before it comes with that one, when that one stands.
      const previous = position > 0 ? standalone(sentences[position - 1]!) : undefined;
      const text =
        standalone(sentence) ??
        (previous && !/\\[a-zA-Z]/.test(sentence) ? `${previous} ${sentence}` : undefined);
      return text && text.length <= MAX_SENTENCE_CHARS ? [{ n: source.n, position, text }] : [];
    });
  });
  const words = raw.map((c) => wordsOf(c.text, vectors));
  const idf = inverseFrequencies(words);
  const candidates: Candidate[] = raw.map((c, i) => {
    const { score, matched } = matchSentence(asked, words[i]!, idf, vectors);
    const role = roleOf(c.text);
    const figure = hasFigure(c.text);
    let weight =
      role === 'contribution' || role === 'finding' ? 1.25 : role === 'motivation' ? 0.6 : 1;
    if (fact) weight *= figure ? 1.5 : 0.8;
    // Higher-ranked sources are a little more likely to be the one asked about; a long
    // sentence matches more words by its length alone.
    const prior = 1 / (1 + PRIOR_STEP * (c.n - 1));
    const length = 1 / Math.sqrt(Math.max(1, words[i]!.length / 15));
    return { ...c, score: score * weight * prior * length, matched, figure };
  });
  const byScore = [...candidates].sort(
    (a, b) => b.score - a.score || a.n - b.n || a.position - b.position,
  );
  // The search ranked the sources on their whole text: its first is the lead unless another
  // paper's sentence answers the question far better than any of the first's.
  const first = byScore.find((c) => c.n === sources[0]!.n);
  const best = byScore[0];
  const lead = first && best && best.score < first.score * SWITCH ? first : best;
  if (!lead) return [];
  const picked: Candidate[] = [lead];
  // A second sentence of the same paper when it adds a figure: the one a fact question asks
  // for, or the result of the method the lead sentence describes.
  const second = byScore.find(
    (c) =>
      c !== lead &&
      c.n === lead.n &&
      // Not the lead again: a sentence and the same sentence with the one before it.
      !c.text.includes(lead.text) &&
      !lead.text.includes(c.text) &&
      c.score >= lead.score * 0.5 &&
      c.figure &&
      (fact || (roleOf(lead.text) === 'contribution' && roleOf(c.text) === 'finding')),
  );
  if (second && picked.length < MAX_LEAD_SENTENCES) picked.push(second);
  // Other papers: one sentence each, only when it addresses the question about as well.
  const need = Math.min(2, asked.length);
  // Each other paper by its best sentence, best first.
  const others: Candidate[] = [];
  const floor = Math.max(lead.score, best!.score) * OTHER_SHARE;
  for (const c of byScore) {
    if (others.length >= MAX_OTHER_PAPERS) break;
    if (c.n === lead.n || others.some((o) => o.n === c.n)) continue;
    if (c.score < floor || c.matched < need) continue;
    others.push(c);
  }
  return [...picked, ...others];
}
