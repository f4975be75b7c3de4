import { titleKey } from '../corpus/paper.js';

export interface RankedQuestion {
  /** Titles returned for the question, best first. */
  ranked: string[];
  /** Titles that answer it. */
  gold: string[];
}

export interface RetrievalMetrics {
  questions: number;
  hitAt1: number;
  hitAt5: number;
  mrrAt10: number;
}

/** hit@k: share of questions with a gold title in the top k; MRR@10: mean 1/rank of the first gold. */
export function retrievalMetrics(results: readonly RankedQuestion[]): RetrievalMetrics {
  let hit1 = 0;
  let hit5 = 0;
  let rr = 0;
  for (const { ranked, gold } of results) {
    const goldKeys = new Set(gold.map(titleKey));
    const rank = ranked.slice(0, 10).findIndex((title) => goldKeys.has(titleKey(title)));
    if (rank === 0) hit1++;
    if (rank >= 0 && rank < 5) hit5++;
    if (rank >= 0) rr += 1 / (rank + 1);
  }
  const n = results.length || 1;
  return { questions: results.length, hitAt1: hit1 / n, hitAt5: hit5 / n, mrrAt10: rr / n };
}
