import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { bundledPagesDir, projectRoot } from '../app/project-paths.js';
import { ingestFiles } from '../corpus/ingest-files.js';
import { openDatabase } from '../db/open-database.js';
import { createSearch } from '../search/search-papers.js';
import { retrievalMetrics, type RankedQuestion } from './retrieval-metrics.js';

const QuestionSet = z.array(z.object({ question: z.string(), gold: z.array(z.string()).min(1) }));

const { values } = parseArgs({
  options: {
    set: { type: 'string', default: join(projectRoot(), 'data', 'eval', 'dev-questions.json') },
    verbose: { type: 'boolean', short: 'v', default: false },
  },
});

const questions = QuestionSet.parse(JSON.parse(readFileSync(values.set, 'utf8')));
const { db } = openDatabase(':memory:');
// A fixed reference date keeps dates (and so the whole run) identical on every day.
const day = new Date('2025-11-22T00:00:00Z');
ingestFiles(db, [bundledPagesDir()], { now: day, referenceDate: day });
const search = createSearch(db);

const results: RankedQuestion[] = [];
const misses: string[] = [];
for (const { question, gold } of questions) {
  const ranked = search.search(question, { limit: 10 }).hits.map((hit) => hit.title);
  results.push({ ranked, gold });
  const rank = ranked.findIndex((title) => gold.includes(title));
  if (rank !== 0) misses.push(`  ${rank < 0 ? 'miss' : `#${rank + 1}`.padEnd(4)}  ${question}\n        want: ${gold[0]}\n        got:  ${ranked[0] ?? '(nothing)'}`);
}
const m = retrievalMetrics(results);
const pct = (x: number) => x.toFixed(3);
console.log(`Retrieval on ${values.set.replace(`${projectRoot()}/`, '')} (${m.questions} questions)`);
console.log('');
console.log('| metric | value | target |');
console.log('|---|---|---|');
console.log(`| hit@1 | ${pct(m.hitAt1)} | ≥ 0.80 |`);
console.log(`| hit@5 | ${pct(m.hitAt5)} | ≥ 0.95 |`);
console.log(`| MRR@10 | ${pct(m.mrrAt10)} | |`);
if (values.verbose && misses.length > 0) console.log(`\nNot ranked first:\n${misses.join('\n')}`);
db.close();
