import { bundledPagesDir } from '../../src/app/project-paths.js';
import { createSyntheticCorpus, type SyntheticCorpus } from '../../src/bench/synthetic-corpus.js';
import { learnTextModel } from '../../src/bench/text-model.js';
import { openDatabase, type Db } from '../../src/db/open-database.js';
import { ingest, NOW } from './library.js';

export const SEGMENTED_PAPERS = 4_000;
const BATCH = 400;

/**
 * A generated library spread over many FTS5 segments, with rows re-indexed after an
 * update (so segments overlap and carry deletions): what the reader and the ranking must
 * both get right.
 */
export function segmentedLibrary(): { db: Db; corpus: SyntheticCorpus } {
  const db = openDatabase(':memory:').db;
  const corpus = createSyntheticCorpus(learnTextModel(bundledPagesDir()), 7);
  for (let from = 0; from < SEGMENTED_PAPERS; from += BATCH) {
    ingest(db, corpus.papers(from, from + BATCH), { now: NOW });
  }
  // Every 7th paper comes back with a longer abstract: FTS5 writes a deletion for the old
  // text and a new entry, in a newer segment than the original.
  const grown = [...corpus.papers(0, SEGMENTED_PAPERS)]
    .filter((_, i) => i % 7 === 0)
    .map((paper) => ({
      ...paper,
      abstract: `${paper.abstract} Further results on retrieval and reward models.`,
    }));
  ingest(db, grown, { now: NOW });
  return { db, corpus };
}
