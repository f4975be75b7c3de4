import type { Ask } from '../answer/answer-question.js';
import type { SearchResponse } from '../search/search-papers.js';
import type { Figures } from './floors.js';
import { retrievalMetrics, type RankedQuestion } from './retrieval-metrics.js';
import type { AbsentSet, AnswerableSet } from './sets.js';

export interface SetReport {
  name: string;
  questions: number;
  figures: Figures;
  /** Counts behind the shares, for the table. */
  counts: Partial<Record<keyof Figures, number>>;
  /** Questions not ranked first or answered without a gold citation, or absent ones answered. */
  misses: string[];
}

/** Ranks and answers every question of an answerable set: retrieval and answer figures. */
export async function evaluateAnswerable(
  deps: { retrieve: (query: string, limit: number) => Promise<SearchResponse>; ask: Ask },
  set: AnswerableSet,
): Promise<SetReport> {
  const ranked: RankedQuestion[] = [];
  const misses: string[] = [];
  let citesGold = 0;
  let notFound = 0;
  // Of each question's gold papers, the share its answer cites; citations of other papers.
  let goldShare = 0;
  let others = 0;
  let answered = 0;
  for (const { question, gold } of set.questions) {
    const titles = (await deps.retrieve(question, 10)).hits.map((hit) => hit.title);
    ranked.push({ ranked: titles, gold });
    const rank = titles.findIndex((title) => gold.includes(title));
    const answer = await deps.ask(question);
    if (answer.status === 'not_found') notFound++;
    const cited = answer.citations.some((c) => gold.includes(c.title));
    if (cited) citesGold++;
    const citedTitles = new Set(answer.citations.map((c) => c.title));
    goldShare += gold.filter((title) => citedTitles.has(title)).length / gold.length;
    if (answer.status === 'answered') {
      answered++;
      others += [...citedTitles].filter((title) => !gold.includes(title)).length;
    }
    const lost = gold.filter((title) => !titles.includes(title));
    if (gold.length > 1 && lost.length > 0) {
      misses.push(
        `  recall ${gold.length - lost.length}/${gold.length} ${question}\n        lost: ${lost.join(' | ')}`,
      );
    }
    if (rank !== 0 || !cited) {
      misses.push(
        `  ${rank < 0 ? 'miss' : `#${rank + 1}`.padEnd(4)} ${cited ? '       ' : 'uncited'} ${answer.status.padEnd(9)} ${question}\n        want: ${gold[0]}\n        got:  ${titles[0] ?? '(nothing)'}`,
      );
    }
  }
  const metrics = retrievalMetrics(ranked);
  const n = set.questions.length || 1;
  return {
    name: set.name,
    questions: set.questions.length,
    figures: {
      hitAt1: metrics.hitAt1,
      hitAt5: metrics.hitAt5,
      mrrAt10: metrics.mrrAt10,
      ...(metrics.recallAt10 === undefined ? {} : { recallAt10: metrics.recallAt10 }),
      citesGold: citesGold / n,
      goldCited: goldShare / n,
      otherCitations: others / (answered || 1),
      falseNotFound: notFound / n,
    },
    counts: { citesGold, falseNotFound: notFound, recallAt10: metrics.multiGold },
    misses,
  };
}

/** Answers every question of an absent-topic set: the share told "not in the library". */
export async function evaluateAbsent(deps: { ask: Ask }, set: AbsentSet): Promise<SetReport> {
  let notFound = 0;
  const misses: string[] = [];
  for (const question of set.questions) {
    const answer = await deps.ask(question);
    if (answer.status === 'not_found') notFound++;
    else misses.push(`  ${question}\n        → ${answer.citations[0]?.title ?? ''}`);
  }
  return {
    name: set.name,
    questions: set.questions.length,
    figures: { notFound: notFound / (set.questions.length || 1) },
    counts: { notFound },
    misses,
  };
}
