import { stemmer } from 'stemmer';
import { tokenize } from '../search/query-builder.js';
import { STOP_WORDS } from '../search/stop-words.js';

/** How close to the channel's liked papers (cosine) a paper must be to count as "like" them. */
export const LIKE_MIN = 0.1;

interface Text {
  rowid: number;
  title: string;
  abstract: string;
}

/**
 * A channel's taste, from its digest votes (src/digest/README.md): each paper is a tf-idf
 * vector of its stemmed words (title counted twice); the channel's liked papers (net 👍)
 * and disliked ones (net 👎) each make a centroid, weighted by their net votes. A paper's
 * affinity is its cosine to the liked centroid minus its cosine to the disliked one.
 * The order: papers with affinity ≥ LIKE_MIN first, those ≤ −LIKE_MIN last, each group in
 * the digest's usual order (upvotes, then newest), so upvotes still rank within a group
 * and a channel with no votes gets exactly the usual order.
 */
export function orderByTaste<P extends Text>(
  papers: readonly P[],
  voted: readonly Text[],
  net: ReadonlyMap<number, number>,
): P[] {
  if (net.size === 0 || papers.length === 0) return [...papers];
  const all = [...papers, ...voted];
  const bags = new Map(all.map((p) => [p.rowid, termCounts(p)]));
  const df = new Map<string, number>();
  for (const bag of bags.values())
    for (const term of bag.keys()) df.set(term, (df.get(term) ?? 0) + 1);
  const n = bags.size;
  const vector = (rowid: number) => {
    const v = new Map<string, number>();
    for (const [term, tf] of bags.get(rowid) ?? [])
      v.set(term, (1 + Math.log(tf)) * Math.log(1 + n / (df.get(term) ?? 1)));
    return v;
  };
  const liked = new Map<string, number>();
  const disliked = new Map<string, number>();
  for (const p of voted) {
    const votes = net.get(p.rowid) ?? 0;
    if (votes === 0) continue;
    const into = votes > 0 ? liked : disliked;
    for (const [term, w] of unit(vector(p.rowid)))
      into.set(term, (into.get(term) ?? 0) + w * Math.abs(votes));
  }
  const affinity = (p: P) => {
    if (net.has(p.rowid)) return 0;
    const v = unit(vector(p.rowid));
    return cosine(v, liked) - cosine(v, disliked);
  };
  const tier = (p: P) => {
    const a = affinity(p);
    return a >= LIKE_MIN ? 0 : a <= -LIKE_MIN ? 2 : 1;
  };
  const tiers = new Map(papers.map((p) => [p.rowid, tier(p)]));
  // A stable sort: within a tier the order the papers came in (the digest's usual one).
  return [...papers].sort((a, b) => tiers.get(a.rowid)! - tiers.get(b.rowid)!);
}

function termCounts(p: Text): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (text: string, weight: number) => {
    for (const { word } of tokenize(text)) {
      if (STOP_WORDS.has(word) || word.length < 3 || /^\d+$/.test(word)) continue;
      const stem = stemmer(word);
      counts.set(stem, (counts.get(stem) ?? 0) + weight);
    }
  };
  add(p.title, 2);
  add(p.abstract, 1);
  return counts;
}

function unit(v: Map<string, number>): Map<string, number> {
  const norm = Math.sqrt([...v.values()].reduce((s, x) => s + x * x, 0));
  return norm === 0 ? v : new Map([...v].map(([t, x]) => [t, x / norm]));
}

/** Cosine of a unit vector with any vector. */
function cosine(u: Map<string, number>, v: Map<string, number>): number {
  let dot = 0;
  let norm = 0;
  for (const [term, x] of v) {
    norm += x * x;
    dot += x * (u.get(term) ?? 0);
  }
  return norm === 0 ? 0 : dot / Math.sqrt(norm);
}
