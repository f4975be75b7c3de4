import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { compose } from '../app/compose.js';
import { openLibraryAt } from '../app/open-library.js';
import { projectRoot } from '../app/project-paths.js';
import { loadConfig } from '../config.js';
import { belowFloors, FloorsFile, type Figures } from './floors.js';
import { evaluateAbsent, evaluateAnswerable, type SetReport } from './run-eval.js';
import { evaluateFollowUps } from './follow-ups.js';
import {
  ABSENT,
  ANSWERABLE,
  FOLLOW_UPS,
  readAbsent,
  readAnswerable,
  readFollowUps,
  setFiles,
} from './sets.js';
import { printReading } from './reading.js';

/**
 * `npm run eval`: every development set in data/eval, each reported on its own (see
 * data/eval/README.md). `-- --check` fails when a figure drops below data/eval/floors.json;
 * `-- --read FILE` prints the answers to a set for reading; `-- --verbose` lists the misses.
 */
const { values } = parseArgs({
  options: {
    set: { type: 'string' },
    absent: { type: 'string' },
    followups: { type: 'string' },
    verbose: { type: 'boolean', short: 'v', default: false },
    check: { type: 'boolean', default: false },
    read: { type: 'string' },
  },
});

const evalDir = join(projectRoot(), 'data', 'eval');
const answerable = (values.set ? [values.set] : setFiles(evalDir, ANSWERABLE)).map(readAnswerable);
const absent = (values.absent ? [values.absent] : setFiles(evalDir, ABSENT)).map(readAbsent);
const followUps = (values.followups ? [values.followups] : setFiles(evalDir, FOLLOW_UPS)).map(
  readFollowUps,
);

// A fixed reference date keeps dates (and so the whole run) identical on every day.
const day = new Date('2025-11-22T00:00:00Z');
const library = openLibraryAt(':memory:', { now: day, referenceDate: day });
// No settings: the offline extractive model, whatever the environment says.
const { ask, retrieve } = compose(loadConfig({}), library);

if (values.read) {
  await printReading({ ask }, values.read);
} else {
  const reports: SetReport[] = [];
  for (const set of answerable) reports.push(await evaluateAnswerable({ retrieve, ask }, set));
  const absentReports: SetReport[] = [];
  for (const set of absent) absentReports.push(await evaluateAbsent({ ask }, set));
  const followUpReports: SetReport[] = [];
  for (const set of followUps) followUpReports.push(await evaluateFollowUps({ ask }, set));
  printTables(reports, absentReports, followUpReports);
  if (values.verbose) {
    for (const r of [...reports, ...absentReports, ...followUpReports])
      if (r.misses.length) console.log(`\n${r.name}: misses\n${r.misses.join('\n')}`);
  }
  if (values.check) {
    const floors = FloorsFile.parse(JSON.parse(readFileSync(join(evalDir, 'floors.json'), 'utf8')));
    const measured: Record<string, Figures> = Object.fromEntries(
      [...reports, ...absentReports, ...followUpReports].map((r) => [r.name, r.figures]),
    );
    const problems = belowFloors(measured, floors);
    if (problems.length > 0) {
      console.error(
        `\nQuality dropped below the floors in data/eval/floors.json:\n${problems.join('\n')}`,
      );
      process.exitCode = 1;
    } else {
      console.error('\nEvery figure is at or above its floor (data/eval/floors.json).');
    }
  }
}
library.close();

function printTables(
  reports: SetReport[],
  absentReports: SetReport[],
  followUpReports: SetReport[],
): void {
  const f3 = (x: number | undefined) => (x ?? 0).toFixed(3);
  const share = (r: SetReport, metric: keyof Figures) =>
    `${f3(r.figures[metric])} (${r.counts[metric] ?? 0}/${r.questions})`;
  const table = (head: string, rs: SetReport[], rows: [string, (r: SetReport) => string][]) => {
    console.log(`| ${head} | ${rs.map((r) => `${r.name} (${r.questions})`).join(' | ')} |`);
    console.log(`|---|${rs.map(() => '---|').join('')}`);
    for (const [label, cell] of rows) console.log(`| ${label} | ${rs.map(cell).join(' | ')} |`);
  };
  table('answerable set →', reports, [
    ['hit@1', (r) => f3(r.figures.hitAt1)],
    ['hit@5', (r) => f3(r.figures.hitAt5)],
    ['MRR@10', (r) => f3(r.figures.mrrAt10)],
    [
      'recall@10, questions naming several papers',
      (r) =>
        r.figures.recallAt10 === undefined
          ? '–'
          : `${f3(r.figures.recallAt10)} (${r.counts.recallAt10 ?? 0} questions)`,
    ],
    ['answers citing a gold paper (extractive)', (r) => share(r, 'citesGold')],
    ["gold papers cited (each question's share)", (r) => f3(r.figures.goldCited)],
    ['papers cited outside the gold, per answer', (r) => f3(r.figures.otherCitations)],
    ['answerable → "not in the library"', (r) => share(r, 'falseNotFound')],
  ]);
  console.log('');
  table('absent-topic set →', absentReports, [
    ['→ "not in the library"', (r) => share(r, 'notFound')],
  ]);
  if (followUpReports.length === 0) return;
  console.log('');
  table('follow-up set →', followUpReports, [
    ['follow-ups answered from the right paper', (r) => share(r, 'followUpRight')],
  ]);
}
