import { stemmer } from 'stemmer';
import { STOP_WORDS } from '../search/stop-words.js';
import { tokenize } from '../search/query-builder.js';
import { ModelError, type ChatMessage, type ChatModel, type ChatOptions } from './chat-model.js';
import { readPromptBody, type FormattedSource } from './prompt-format.js';
import { splitSentences } from './sentences.js';

export const EXTRACTIVE_MODEL_NAME = 'extractive';
const MAX_SENTENCES = 4;
const MAX_SENTENCE_CHARS = 400;

interface Candidate {
  n: number;
  position: number;
  text: string;
  stems: Set<string>;
  /** Distinct question words the sentence contains. */
  matches: number;
  score: number;
}

/**
 * An offline, deterministic "model": it answers from the numbered sources in the
 * prompt by quoting the sentences that best match the question, each followed by its
 * [n], in source order. Same prompt, same bytes, on every machine.
 */
export function createExtractiveModel(): ChatModel {
  return {
    name: EXTRACTIVE_MODEL_NAME,
    async *stream(messages: ChatMessage[], options: ChatOptions = {}) {
      if (options.signal?.aborted) throw new ModelError('aborted', 'the request was cancelled');
      const answer = extractiveAnswer(messages);
      for (const piece of answer.split(/(?<= \[\d+\])/)) {
        if (options.signal?.aborted) throw new ModelError('aborted', 'the request was cancelled');
        yield piece;
      }
    },
  };
}

/** The whole answer for a prompt built with the project's prompt format. */
export function extractiveAnswer(messages: readonly ChatMessage[]): string {
  const user = [...messages].reverse().find((m) => m.role === 'user');
  const parts = user ? readPromptBody(user.content) : undefined;
  if (!parts) {
    throw new ModelError(
      'bad_response',
      'the extractive model only reads prompts with numbered sources',
    );
  }
  if (parts.sources.length === 0) return 'The library has nothing on this.';
  const chosen = chooseSentences(parts.question, parts.sources);
  return chosen.map((c) => `${c.text} [${c.n}]`).join(' ');
}

function chooseSentences(question: string, sources: readonly FormattedSource[]): Candidate[] {
  const queryStems = new Set(
    tokenize(question)
      .map((w) => w.word)
      .filter((w) => !STOP_WORDS.has(w))
      .map((w) => stemmer(w)),
  );
  const candidates: Candidate[] = [];
  for (const source of sources) {
    splitSentences(source.abstract).forEach((text, position) => {
      if (text.length <= MAX_SENTENCE_CHARS) {
        candidates.push({
          n: source.n,
          position,
          text,
          stems: stemsOf(text),
          matches: 0,
          score: 0,
        });
      }
    });
  }
  const idf = inverseFrequencies(candidates.map((c) => c.stems));
  for (const c of candidates) {
    let overlap = 0;
    for (const stem of queryStems) {
      if (!c.stems.has(stem)) continue;
      overlap += idf.get(stem) ?? 0;
      c.matches++;
    }
    // Higher-ranked sources and sentences that state the contribution are preferred.
    const rankPrior = 1 / (1 + 0.35 * (c.n - 1));
    const contribution = /\b(?:we|this paper|this work|our)\b/i.test(c.text) ? 0.15 : 0;
    c.score = overlap * rankPrior + contribution * rankPrior;
  }
  const byScore = [...candidates].sort(
    (a, b) => b.score - a.score || a.n - b.n || a.position - b.position,
  );
  const picked: Candidate[] = [];
  // The top source always speaks first: it is the best match the search found.
  const lead = byScore.find((c) => c.n === sources[0]!.n);
  if (lead) picked.push(lead);
  const best = byScore[0]?.score ?? 0;
  for (const c of byScore) {
    if (picked.length >= MAX_SENTENCES) break;
    if (picked.includes(c) || picked.some((p) => p.n === c.n)) continue;
    // Supporting sentences must share at least two words with the question (or all of
    // a one-word question): one shared common word is how off-topic sentences slip in.
    if (c.score < best * 0.3 || c.matches < Math.min(2, queryStems.size)) continue;
    picked.push(c);
  }
  return picked.sort((a, b) => a.n - b.n || a.position - b.position);
}

function stemsOf(text: string): Set<string> {
  return new Set(tokenize(text).map((w) => stemmer(w.word)));
}

function inverseFrequencies(docs: readonly Set<string>[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const doc of docs) for (const stem of doc) df.set(stem, (df.get(stem) ?? 0) + 1);
  const idf = new Map<string, number>();
  for (const [stem, count] of df)
    idf.set(stem, Math.log(1 + (docs.length - count + 0.5) / (count + 0.5)));
  return idf;
}
