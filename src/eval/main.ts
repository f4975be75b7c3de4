import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { compose } from '../app/compose.js';
import { openLibraryAt } from '../app/open-library.js';
import { projectRoot } from '../app/project-paths.js';
import { loadConfig } from '../config.js';
import { retrievalMetrics, type RankedQuestion } from './retrieval-metrics.js';

const QuestionSet = z.array(z.object({ question: z.string(), gold: z.array(z.string()).min(1) }));

const { values } = parseArgs({
  options: {
    set: { type: 'string' },
    absent: { type: 'string' },
    verbose: { type: 'boolean', short: 'v', default: false },
  },
});

// Default: every question set in data/eval (dev-questions*.json), each reported on its own.
const evalDir = join(projectRoot(), 'data', 'eval');
const setFiles = (given: string | undefined, pattern: RegExp) =>
  given
    ? [given]
    : readdirSync(evalDir)
        .filter((name) => pattern.test(name))
        .sort()
        .map((name) => join(evalDir, name));
const read = <T>(file: string, schema: z.ZodType<T>) => ({
  name: basename(file, '.json'),
  questions: schema.parse(JSON.parse(readFileSync(file, 'utf8'))),
});
const sets = setFiles(values.set, /^dev-questions.*\.json$/).map((file) => read(file, QuestionSet));
const absentSets = setFiles(values.absent, /^dev-absent.*\.json$/).map((file) =>
  read(file, z.array(z.string())),
);

// A fixed reference date keeps dates (and so the whole run) identical on every day.
const day = new Date('2025-11-22T00:00:00Z');
const library = openLibraryAt(':memory:', { now: day, referenceDate: day });
const { search } = library;
// No settings: the offline extractive model, whatever the environment says.
const { ask } = compose(loadConfig({}), library);

interface SetResult {
  name: string;
  metrics: ReturnType<typeof retrievalMetrics>;
  citesGold: number;
  notFound: number;
  misses: string[];
}
const results: SetResult[] = [];
for (const set of sets) {
  const ranked: RankedQuestion[] = [];
  const misses: string[] = [];
  let citesGold = 0;
  let notFound = 0;
  for (const { question, gold } of set.questions) {
    const titles = search.search(question, { limit: 10 }).hits.map((hit) => hit.title);
    ranked.push({ ranked: titles, gold });
    const rank = titles.findIndex((title) => gold.includes(title));
    const answer = await ask(question);
    if (answer.status === 'not_found') notFound++;
    const cited = answer.citations.some((c) => gold.includes(c.title));
    if (cited) citesGold++;
    if (rank !== 0 || !cited) {
      misses.push(
        `  ${rank < 0 ? 'miss' : `#${rank + 1}`.padEnd(4)} ${cited ? '       ' : 'uncited'} ${answer.status.padEnd(9)} ${question}\n        want: ${gold[0]}\n        got:  ${titles[0] ?? '(nothing)'}`,
      );
    }
  }
  results.push({ name: set.name, metrics: retrievalMetrics(ranked), citesGold, notFound, misses });
}
const absentResults = [];
const absentMisses: string[] = [];
for (const set of absentSets) {
  let notFound = 0;
  for (const question of set.questions) {
    const answer = await ask(question);
    if (answer.status === 'not_found') notFound++;
    else absentMisses.push(`  ${set.name}: ${question} → ${answer.citations[0]?.title ?? ''}`);
  }
  absentResults.push({ name: set.name, notFound, total: set.questions.length });
}

const f3 = (x: number) => x.toFixed(3);
const share = (n: number, d: number) => `${f3(n / d)} (${n}/${d})`;
const row = (label: string, cells: string[], target: string) =>
  console.log(`| ${label} | ${cells.join(' | ')} | ${target} |`);
console.log(
  `| ${values.set ? '' : 'question set →'} | ${results.map((r) => `${r.name} (${r.metrics.questions})`).join(' | ')} | target |`,
);
console.log(`|---|${results.map(() => '---|').join('')}---|`);
row(
  'hit@1',
  results.map((r) => f3(r.metrics.hitAt1)),
  '≥ 0.80',
);
row(
  'hit@5',
  results.map((r) => f3(r.metrics.hitAt5)),
  '≥ 0.95',
);
row(
  'MRR@10',
  results.map((r) => f3(r.metrics.mrrAt10)),
  '',
);
row(
  'answers citing a gold paper (extractive)',
  results.map((r) => share(r.citesGold, r.metrics.questions)),
  '≥ 0.90',
);
row(
  'answerable → "not in the library"',
  results.map((r) => share(r.notFound, r.metrics.questions)),
  '≤ 0.05',
);
console.log('');
console.log(
  `| absent-topic question set → | ${absentResults.map((r) => `${r.name} (${r.total})`).join(' | ')} | target |`,
);
console.log(`|---|${absentResults.map(() => '---|').join('')}---|`);
row(
  '→ "not in the library"',
  absentResults.map((r) => share(r.notFound, r.total)),
  '≥ 0.90',
);
if (values.verbose) {
  for (const r of results)
    if (r.misses.length)
      console.log(
        `\n${r.name}: not ranked first, or answer citing no gold paper:\n${r.misses.join('\n')}`,
      );
  if (absentMisses.length)
    console.log(`\nAbsent topics answered anyway:\n${absentMisses.join('\n')}`);
}
library.close();
