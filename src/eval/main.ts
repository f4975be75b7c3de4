import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { bundledPagesDir, projectRoot } from '../app/project-paths.js';
import { ingestFiles } from '../corpus/ingest-files.js';
import { openDatabase } from '../db/open-database.js';
import { answerQuestion } from '../answer/answer-question.js';
import { createExtractiveModel } from '../llm/extractive-model.js';
import { createRelevance } from '../search/relevance.js';
import { createSearch } from '../search/search-papers.js';
import { retrievalMetrics, type RankedQuestion } from './retrieval-metrics.js';

const QuestionSet = z.array(z.object({ question: z.string(), gold: z.array(z.string()).min(1) }));

const { values } = parseArgs({
  options: {
    set: { type: 'string', default: join(projectRoot(), 'data', 'eval', 'dev-questions.json') },
    absent: { type: 'string', default: join(projectRoot(), 'data', 'eval', 'dev-absent.json') },
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

// Answers, with the offline extractive model (the default with no model server).
const absent = z.array(z.string()).parse(JSON.parse(readFileSync(values.absent, 'utf8')));
const extractive = createExtractiveModel();
const deps = { search, relevance: createRelevance(db), model: extractive, fallback: extractive };
let citesGold = 0;
let answerableNotFound = 0;
const answerMisses: string[] = [];
for (const { question, gold } of questions) {
  const answer = await answerQuestion(deps, question);
  if (answer.status === 'not_found') answerableNotFound++;
  if (answer.citations.some((c) => gold.includes(c.title))) citesGold++;
  else answerMisses.push(`  ${answer.status.padEnd(9)}  ${question}`);
}
let absentNotFound = 0;
const absentMisses: string[] = [];
for (const question of absent) {
  const answer = await answerQuestion(deps, question);
  if (answer.status === 'not_found') absentNotFound++;
  else absentMisses.push(`  ${answer.status.padEnd(9)}  ${question} → ${answer.citations[0]?.title ?? ''}`);
}
const share = (n: number, d: number) => `${(n / d).toFixed(3)} (${n}/${d})`;
console.log('');
console.log(`Answers with the extractive model (${questions.length} answerable, ${absent.length} absent-topic questions)`);
console.log('');
console.log('| metric | value | target |');
console.log('|---|---|---|');
console.log(`| answers citing a gold paper | ${share(citesGold, questions.length)} | ≥ 0.90 |`);
console.log(`| absent topics → "not in the library" | ${share(absentNotFound, absent.length)} | ≥ 0.90 |`);
console.log(`| answerable → "not in the library" | ${share(answerableNotFound, questions.length)} | ≤ 0.05 |`);
if (values.verbose) {
  if (answerMisses.length) console.log(`\nAnswers citing no gold paper:\n${answerMisses.join('\n')}`);
  if (absentMisses.length) console.log(`\nAbsent topics answered anyway:\n${absentMisses.join('\n')}`);
}
db.close();
