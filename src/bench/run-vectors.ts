import { statSync } from 'node:fs';
import type { Library } from '../app/open-library.js';
import { createBundledEmbedder } from '../llm/embedder.js';
import { createFusedSearch, type Embedder } from '../search/fused-search.js';
import type { Search } from '../search/search-papers.js';
import { createPaperVectors, type PaperVectors } from '../search/paper-vectors.js';
import { elapsedMs, type FusedParts } from './engine-run.js';
import { createExactVectors } from './exact-vectors.js';
import { createRng } from './rng.js';

const DIMENSIONS = 512;

/**
 * Stand-in vectors for every paper of the bench library: embedding 200,000 abstracts with the
 * bundled encoder takes hours here (the embed rate below says how many), so the library gets
 * seeded random unit vectors of the encoder's size, which cost what real ones cost to store
 * and to scan (not what they find).
 */
export function addStandInVectors(
  library: Library,
  dbPath: string,
  seed: number,
): { bytes: number; seconds: number } {
  const size = (path: string) => statSync(path, { throwIfNoEntry: false })?.size ?? 0;
  library.db.pragma('wal_checkpoint(TRUNCATE)');
  const before = size(dbPath);
  const started = performance.now();
  const rng = createRng(seed ^ 0x7ec7);
  const vectors = createPaperVectors(library.db, createBundledEmbedder().name);
  for (;;) {
    const papers = vectors.missing(5_000);
    if (papers.length === 0) break;
    vectors.put(
      papers.map((p) => ({
        rowid: p.rowid,
        vector: Float32Array.from({ length: DIMENSIONS }, () => rng() - 0.5),
      })),
    );
  }
  library.db.pragma('wal_checkpoint(TRUNCATE)');
  return { bytes: size(dbPath) - before, seconds: elapsedMs(started) / 1000 };
}

/** The bundled encoder's time per abstract, on `texts` (batches of 8, after one warm-up). */
export async function embedRate(texts: readonly string[]): Promise<number> {
  const embedder = createBundledEmbedder();
  await embedder.embed(['warm up']);
  const started = performance.now();
  for (let i = 0; i < texts.length; i += 8) await embedder.embed(texts.slice(i, i + 8));
  return elapsedMs(started) / texts.length;
}

/**
 * Each question searched by words and meaning (the real encoder, the stored vectors), and
 * where each search spent its time (FusedParts, without the encoder alone).
 */
export async function timeFused(
  library: Library,
  questions: readonly string[],
): Promise<{
  latenciesMs: number[];
  heldBytes: number;
  parts: Omit<FusedParts, 'encoderAloneMs'>;
}> {
  const encoder = createBundledEmbedder();
  const store = createPaperVectors(library.db, encoder.name);
  // The parts are read off the fused search's own calls: its search, vectors and encoder
  // are the real ones, each call timed on its way through.
  let wordsDone: number | undefined;
  let vectorReady: number | undefined;
  let nearestMs: number | undefined;
  const search: Search = {
    ...library.search,
    describe: (query, ranked) => {
      const hits = library.search.describe(query, ranked);
      wordsDone ??= performance.now();
      return hits;
    },
  };
  const embedder: Embedder = {
    name: encoder.name,
    embed: async (texts) => {
      const vectors = await encoder.embed(texts);
      vectorReady = performance.now();
      return vectors;
    },
  };
  const vectors: PaperVectors = {
    ...store,
    nearest: (query, k, also) => {
      const at = performance.now();
      const near = store.nearest(query, k, also);
      nearestMs = elapsedMs(at);
      return near;
    },
  };
  const fused = createFusedSearch({ search, vectors, embedder });
  await fused.search('warm up', { limit: 10 });
  const latenciesMs: number[] = [];
  const parts = {
    wordsMs: [] as number[],
    vectorReadyMs: [] as number[],
    nearestMs: [] as number[],
  };
  for (const question of questions) {
    wordsDone = vectorReady = nearestMs = undefined;
    const started = performance.now();
    await fused.search(question, { limit: 10 });
    latenciesMs.push(elapsedMs(started));
    // A part that did not run (no words to rank, no vector) counts as nothing.
    parts.wordsMs.push((wordsDone ?? started) - started);
    parts.vectorReadyMs.push((vectorReady ?? started) - started);
    parts.nearestMs.push(nearestMs ?? 0);
  }
  return { latenciesMs, heldBytes: store.heldBytes(), parts };
}

/** Each question embedded by the bundled encoder (in its thread) with nothing else running. */
export async function timeEncoder(questions: readonly string[]): Promise<number[]> {
  const encoder = createBundledEmbedder();
  await encoder.embed(['warm up']);
  const latenciesMs: number[] = [];
  for (const question of questions) {
    const started = performance.now();
    await encoder.embed([question]);
    latenciesMs.push(elapsedMs(started));
  }
  return latenciesMs;
}

/**
 * The shortlist against the exact scan of every int8 vector, on `questions`: the share of
 * the exact 50 nearest that `nearest` returned, and the share of the fused top 10 (words +
 * meaning, exact scan) that the fused search returned. Not timed.
 */
export async function meaningAgreement(
  library: Library,
  questions: readonly string[],
): Promise<{ recall: number; fusedTop10: number; questions: number }> {
  const encoder = createBundledEmbedder();
  const fast = createPaperVectors(library.db, encoder.name);
  const exact = createExactVectors(library.db, encoder.name);
  let recall = 0;
  let fusedTop10 = 0;
  for (const question of questions) {
    const [vector] = await encoder.embed([question]);
    const embedder = { name: encoder.name, embed: async () => [vector!] };
    const nearest = new Set(fast.nearest(vector!, 50).top.map((t) => t.rowid));
    const reference = exact.nearest(vector!, 50).top;
    recall += reference.filter((t) => nearest.has(t.rowid)).length / (reference.length || 1);
    const top10 = async (vectors: PaperVectors) =>
      (
        await createFusedSearch({ search: library.search, vectors, embedder }).search(question, {
          limit: 10,
        })
      ).hits.map((h) => h.rowid);
    const ours = new Set(await top10(fast));
    const theirs = await top10(exact);
    fusedTop10 += theirs.filter((r) => ours.has(r)).length / (theirs.length || 1);
  }
  const n = questions.length || 1;
  return { recall: recall / n, fusedTop10: fusedTop10 / n, questions: questions.length };
}
