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
  /**
   * Over the questions with several gold papers only (undefined when there are none): the
   * mean share of their gold papers found in the top 10.
   */
  recallAt10?: number;
  /** How many questions have several gold papers. */
  multiGold: number;
}

/**
 * hit@k: share of questions with a gold title in the top k; MRR@10: mean 1/rank of the first
 * gold; recall@10 (questions naming several papers): mean share of their gold in the top 10.
 */
export function retrievalMetrics(results: readonly RankedQuestion[]): RetrievalMetrics {
  let hit1 = 0;
  let hit5 = 0;
  let rr = 0;
  let multiGold = 0;
  let recall = 0;
  for (const { ranked, gold } of results) {
    const goldKeys = new Set(gold.map(titleKey));
    const top10 = ranked.slice(0, 10).map(titleKey);
    const rank = top10.findIndex((key) => goldKeys.has(key));
    if (rank === 0) hit1++;
    if (rank >= 0 && rank < 5) hit5++;
    if (rank >= 0) rr += 1 / (rank + 1);
    if (goldKeys.size > 1) {
      multiGold++;
      recall += [...goldKeys].filter((key) => top10.includes(key)).length / goldKeys.size;
    }
  }
  const n = results.length || 1;
  return {
    questions: results.length,
    hitAt1: hit1 / n,
    hitAt5: hit5 / n,
    mrrAt10: rr / n,
    ...(multiGold > 0 ? { recallAt10: recall / multiGold } : {}),
    multiGold,
  };
}
