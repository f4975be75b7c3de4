import { paperLink } from '../corpus/paper-link.js';
import { ModelError, type ChatModel } from '../llm/chat-model.js';
import type { Relevance } from '../search/relevance.js';
import type { Search, SearchHit, SearchResponse } from '../search/search-papers.js';
import { buildPrompt, type Turn } from './build-prompt.js';
import { CitationRenumberer } from './citations.js';
import { findSources } from './find-sources.js';
import { checkQuestion } from './question-rule.js';
export const DEFAULT_K = 5;
export { MIN_COVERAGE, MIN_EVIDENCE, NAMED_MIN_COVERAGE } from './find-sources.js';

export interface Citation {
  n: number;
  id: string;
  title: string;
  date: string | null;
  /** `date`'s year was inferred, not written by the source (show it as such: citedDate). */
  yearInferred?: boolean;
  link: string;
}

export interface Answer {
  question: string;
  status: 'answered' | 'not_found' | 'rejected';
  text: string;
  citations: Citation[];
  /**
   * Titles nearest to the question when the library has nothing on it: data, which each
   * surface renders its own way after `text`.
   */
  nearest: { id: string; title: string }[];
  /** The model that wrote `text` ("extractive", "openai:…"), or "none". */
  model: string;
  /** One line for the user when something degraded, e.g. the model was unavailable. */
  notice?: string;
  timings: { searchMs: number; modelMs: number; totalMs: number };
}

/** The answer pipeline with its parts bound: what every surface asks. */
export type Ask = (question: string, options?: AnswerOptions) => Promise<Answer>;

export interface AnswerDeps {
  search: Search;
  /** Finds the sources (default: `search`, by words alone); e.g. the fused search. */
  retrieve?: (query: string, limit: number) => Promise<SearchResponse>;
  relevance: Relevance;
  model: ChatModel;
  /** Used when `model` fails after its retries: the offline extractive model. */
  fallback: ChatModel;
  /** Words of everyday English (lowercased), never taken for a name the question is about. */
  isCommonWord?: (word: string) => boolean;
}

export interface AnswerOptions {
  k?: number;
  history?: readonly Turn[];
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Receives the answer text as it streams, already with its final citation numbers. */
  onText?: (delta: string) => void;
  /** The text streamed so far is void (the model failed; the fallback starts over). */
  onReset?: () => void;
}

/**
 * question → search → (nothing relevant: "not in the library", no model call) →
 * prompt → model → citation check → Answer.
 */
export async function answerQuestion(
  deps: AnswerDeps,
  rawQuestion: string,
  options: AnswerOptions = {},
): Promise<Answer> {
  const started = performance.now();
  const checked = checkQuestion(rawQuestion);
  const question = checked.ok ? checked.question : rawQuestion.trim();
  const base = { question, citations: [], nearest: [], model: 'none' };
  const timings = (searchMs = 0, modelMs = 0) => ({
    searchMs: round(searchMs),
    modelMs: round(modelMs),
    totalMs: round(performance.now() - started),
  });
  if (!checked.ok)
    return { ...base, status: 'rejected', text: checked.message, timings: timings() };

  const history = options.history ?? [];
  const searchStarted = performance.now();
  const found = await findSources(deps, question, history, options.k ?? DEFAULT_K);
  const searchMs = performance.now() - searchStarted;
  if (found.kind === 'rejected')
    return { ...base, status: 'rejected', text: found.message, timings: timings(searchMs) };
  if (found.kind === 'not_found') {
    // A follow-up's own papers are named in the text: they are not "nearest" to anything.
    if (found.silent)
      return {
        ...base,
        status: 'not_found',
        text: referredSilent(found.nearest),
        timings: timings(searchMs),
      };
    return {
      ...base,
      status: 'not_found',
      text: NOT_FOUND,
      nearest: found.nearest,
      timings: timings(searchMs),
    };
  }
  const sources = found.hits;
  const nearest = sources.slice(0, 3).map((h) => ({ id: h.id, title: h.title }));
  const prompt = buildPrompt({ question, sources: sources.map(toSource), history });
  const byN = new Map(prompt.sources.map((s) => [s.n, s]));

  const modelStarted = performance.now();
  let notice: string | undefined;
  let model = deps.model;
  let result = await runModel(model, prompt.messages, byN, options);
  if (result instanceof ModelError && model !== deps.fallback && result.kind !== 'aborted') {
    notice = `The language model was unavailable (${result.message}), so this answer quotes the abstracts directly.`;
    model = deps.fallback;
    options.onReset?.();
    result = await runModel(model, prompt.messages, byN, options);
  }
  if (result instanceof ModelError) throw result;
  const modelMs = performance.now() - modelStarted;

  const citations = result.cited.map((n, index): Citation => {
    const source = byN.get(n)!;
    return {
      n: index + 1,
      id: source.id,
      title: source.title,
      date: source.date,
      ...(source.yearInferred ? { yearInferred: true } : {}),
      link: paperLink({ title: source.title, arxivId: source.arxivId ?? null }),
    };
  });
  if (citations.length === 0) {
    // An answer that cites nothing is not one we can vouch for: none of it is shown.
    return {
      ...base,
      status: 'not_found',
      text: NOT_FOUND,
      nearest,
      model: model.name,
      ...(notice ? { notice } : {}),
      timings: timings(searchMs, modelMs),
    };
  }
  return {
    question,
    status: 'answered',
    text: result.text.trim(),
    citations,
    nearest: [],
    model: model.name,
    ...(notice ? { notice } : {}),
    timings: timings(searchMs, modelMs),
  };
}

interface ModelSource {
  id: string;
  title: string;
  date: string | null;
  yearInferred?: boolean;
  abstract: string;
  arxivId: string | null;
}

function toSource(hit: SearchHit): ModelSource {
  return {
    id: hit.id,
    title: hit.title,
    date: hit.date ?? hit.dateText,
    ...(hit.date && hit.dateYearInferred ? { yearInferred: true } : {}),
    abstract: hit.abstract,
    arxivId: hit.arxivId,
  };
}

async function runModel(
  model: ChatModel,
  messages: Parameters<ChatModel['stream']>[0],
  byN: ReadonlyMap<number, unknown>,
  options: AnswerOptions,
): Promise<{ text: string; cited: number[] } | ModelError> {
  const renumberer = new CitationRenumberer(new Set(byN.keys()));
  let text = '';
  const emit = (piece: string) => {
    if (!piece) return;
    text += piece;
    options.onText?.(piece);
  };
  try {
    const streamOptions = {
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    };
    for await (const delta of model.stream(messages, streamOptions)) emit(renumberer.push(delta));
    emit(renumberer.end());
    return { text, cited: renumberer.cited() };
  } catch (error) {
    if (error instanceof ModelError) return error;
    return new ModelError('bad_response', error instanceof Error ? error.message : String(error), {
      cause: error,
    });
  }
}

/** What a "not in the library" answer says (its nearest titles are listed by each surface). */
export const NOT_FOUND = 'The library has nothing on this.';
/** What a follow-up gets when the papers it refers to share none of its words. */
export function referredSilent(papers: readonly { title: string }[]): string {
  return papers.length === 1
    ? `The abstract of “${papers[0]!.title}” says nothing on this.`
    : `The abstracts of the ${papers.length} papers you refer to say nothing on this.`;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
