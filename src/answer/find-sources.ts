import { namedTerms } from '../search/named-terms.js';
import { stemmer } from 'stemmer';
import { buildFtsQuery, tokenize } from '../search/query-builder.js';
import type { Relevance } from '../search/relevance.js';
import type { Search, SearchHit, SearchResponse } from '../search/search-papers.js';
import type { Turn } from './build-prompt.js';
import { pointsBack, resolveReference, type Reference } from './follow-up.js';

/**
 * The library has nothing on a question when its best hit covers less than this share
 * of the question's information AND shares less than MIN_EVIDENCE specific words' worth
 * of it. Either alone fails on long, chatty questions (low share, real evidence) or on
 * short ones (high share of little).
 */
export const MIN_COVERAGE = 0.4;
export const MIN_EVIDENCE = 1.45;
/**
 * A question that names something no paper contains ("vLLM", "AlphaFold") is about a topic
 * the library lacks unless its best hit covers at least this share of it anyway.
 */
export const NAMED_MIN_COVERAGE = 0.5;
/**
 * A follow-up about the previous papers also gets fresh hits when the words those papers lack
 * make at least this many specific words' worth of a fresh hit ("compare it with Medusa").
 */
export const NEW_TOPIC_EVIDENCE = 0.75;
/**
 * At most this many fresh papers join a follow-up's referenced ones: the best fresh paper on
 * what they lack, then one more for each further thing asked about that the papers before it
 * don't have ("compare it with Medusa and EAGLE").
 */
export const MAX_FRESH = 3;
/**
 * "What data set did…", "which models…": a question asking for a thing of a named kind (the
 * words up to its verb). When the papers referred to never name that kind, their abstracts
 * can't say which: the answer says so instead of quoting something else.
 */
const ASKED_KIND =
  /^\W*(?:what|which)\s+((?:(?!(?:is|are|was|were|do|does|did|has|have|had|can|could|would|should|will|about)\b)[\w-]+\s*){1,4})/i;

export interface SourceDeps {
  search: Search;
  retrieve?: (query: string, limit: number) => Promise<SearchResponse>;
  relevance: Relevance;
  isCommonWord?: (word: string) => boolean;
}

export type Found =
  | { kind: 'rejected'; message: string }
  /** `silent`: the papers the follow-up refers to share none of its words. */
  | { kind: 'not_found'; nearest: { id: string; title: string }[]; silent?: boolean }
  | { kind: 'sources'; hits: SearchHit[]; reference?: Reference };

/**
 * The papers a question is answered from. A follow-up that refers to the previous answer's
 * papers (follow-up.ts) is answered from them, plus fresh hits for what they lack; any other
 * question searches the whole library.
 */
export async function findSources(
  deps: SourceDeps,
  question: string,
  history: readonly Turn[],
  limit: number,
): Promise<Found> {
  const last = history.at(-1);
  const reference = resolveReference(question, last?.cited ?? []);
  if (reference?.kind === 'out_of_range') {
    const { asked, count } = reference;
    const which = count === 1 ? 'one paper, [1]' : `${count} papers, [1] to [${count}]`;
    return {
      kind: 'rejected',
      message: `There is no paper ${asked} in the previous answer: it cited ${which}.`,
    };
  }
  // Papers gone from the library since (none left): the question is asked afresh.
  const referred = reference ? await referredSources(deps, reference, limit) : undefined;
  if (referred) return referred;
  // Without the previous papers, a question pointing back is searched with the previous one.
  const query = last && pointsBack(question) ? `${question} ${last.question}` : question;
  const response = deps.retrieve
    ? await deps.retrieve(query, limit)
    : deps.search.search(query, { limit });
  if (response.message) return { kind: 'rejected', message: response.message };
  // The "not in the library" decision is taken on the papers the words found (a ranking by
  // meaning also puts forward papers that share none of them); sources come from the ranking.
  const decisive = response.lexicalHits ?? response.hits;
  const coverage = deps.relevance.cover(response.terms, [
    ...new Set([...decisive, ...response.hits].map((h) => h.rowid)),
  ]);
  const decided = decisive.map((h) => coverage.get(h.rowid)!);
  const best = Math.max(0, ...decided.map((c) => c.coverage));
  const evidence = Math.max(0, ...decided.map((c) => c.evidence));
  const names = namedTerms(query, deps.isCommonWord);
  const unknownNames =
    best < NAMED_MIN_COVERAGE
      ? deps.relevance.unmatched(response.terms.filter((t) => names.has(t)))
      : [];
  const nearest = response.hits.slice(0, 3).map((h) => ({ id: h.id, title: h.title }));
  if ((best < MIN_COVERAGE && evidence < MIN_EVIDENCE) || unknownNames.length > 0)
    return { kind: 'not_found', nearest };
  // Sources that cover too little of the question would only invite off-topic claims.
  const hits = response.hits.filter((h) => (coverage.get(h.rowid)?.coverage ?? 0) >= best / 3);
  return { kind: 'sources', hits };
}

async function referredSources(
  deps: SourceDeps,
  reference: Reference,
  limit: number,
): Promise<Found | undefined> {
  const built = buildFtsQuery(reference.rest);
  const referred = deps.search.papers(reference.rest, reference.ids);
  if (referred.length === 0) return undefined;
  // "What about the second one?": nothing to look for inside it; the paper itself is the answer.
  if (!built.ok) return { kind: 'sources', hits: referred, reference };
  const rowids = referred.map((h) => h.rowid);
  const nearest = referred.map((h) => ({ id: h.id, title: h.title }));
  const kind = buildFtsQuery(ASKED_KIND.exec(reference.rest)?.[1] ?? '');
  if (
    kind.ok &&
    [...deps.relevance.cover(kind.terms, rowids).values()].every((c) => c.coverage === 0)
  )
    return { kind: 'not_found', nearest, silent: true };
  const coverage = deps.relevance.cover(built.terms, rowids);
  const share = (h: SearchHit) => coverage.get(h.rowid)?.coverage ?? 0;
  const best = Math.max(0, ...referred.map(share));
  // "How fast is the first one?": about the paper as a whole, in words it doesn't use.
  if (best === 0) return { kind: 'sources', hits: referred, reference };
  // The referred papers that say something on it, those saying most first.
  const scoped = referred.filter((h) => share(h) >= best / 3).sort((a, b) => share(b) - share(a));
  const covered = new Set(scoped.flatMap((h) => coverage.get(h.rowid)!.matched));
  const missing = built.terms.filter((t) => !covered.has(t));
  if (missing.length === 0) return { kind: 'sources', hits: scoped, reference };
  const fresh = deps.retrieve
    ? await deps.retrieve(reference.rest, limit)
    : deps.search.search(reference.rest, { limit });
  const known = new Set(reference.ids);
  const others = fresh.hits.filter((h) => !known.has(h.id));
  // Each fresh paper must bring enough of what is still lacking. After one joins, what it has
  // is no longer lacking, but for a name the question capitalises ("Medusa") only when its
  // title has it: an abstract naming another method as its baseline is not about it.
  const capitalised = new Set(
    [...reference.rest.matchAll(/(?<![\p{L}\p{N}])\p{Lu}[\p{L}\p{N}]*/gu)].map((m) =>
      m[0].toLowerCase(),
    ),
  );
  const added: SearchHit[] = [];
  let lacking = missing;
  for (const hit of others) {
    if (added.length === MAX_FRESH || lacking.length === 0) break;
    const on = deps.relevance.cover(lacking, [hit.rowid]).get(hit.rowid);
    if (!on || on.evidence < NEW_TOPIC_EVIDENCE) continue;
    added.push(hit);
    const titled = new Set(tokenize(hit.title).map(({ word }) => stemmer(word)));
    lacking = lacking.filter(
      (t) => !on.matched.includes(t) || (capitalised.has(t) && !titled.has(stemmer(t))),
    );
  }
  return { kind: 'sources', hits: [...scoped, ...added], reference };
}
