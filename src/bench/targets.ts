import type { EngineResult } from './engine-run.js';
import { percentile } from './report.js';

/** Issue 17's speed targets at 200,000 papers, checked here and nowhere else (never in unit tests). */
export const TARGETS = { lexicalRealP95Ms: 15, fusedP95Ms: 30 } as const;

type Row = { what: string; measured: number | undefined; target: string; met: boolean | undefined };

/**
 * The targets, one row each: words alone on real 15–40-word questions (exact top 10 kept),
 * and words + meaning on the short and real questions. A row with nothing measured says so.
 */
export function renderTargets(paperbot: EngineResult): string {
  const p95 = (values: readonly number[] | undefined) =>
    values && values.length > 0 ? percentile(values, 95) : undefined;
  const within = (value: number | undefined, limit: number) =>
    value === undefined ? undefined : value <= limit;
  const lexical = p95(paperbot.real?.latenciesMs);
  const exact = paperbot.real?.agreement;
  const rows: Row[] = [
    {
      what: 'words, real 15–40-word questions, p95',
      measured: lexical,
      target: `≤ ${TARGETS.lexicalRealP95Ms} ms`,
      met: within(lexical, TARGETS.lexicalRealP95Ms),
    },
    {
      what: 'words, real 15–40-word questions, top 10 = exhaustive',
      measured: exact === undefined ? undefined : exact * 100,
      target: '100%',
      met: exact === undefined ? undefined : exact === 1,
    },
    ...(
      [
        ['words + meaning, short questions, p95', paperbot.vectors?.fusedMs],
        ['words + meaning, real 15–40-word questions, p95', paperbot.vectors?.fusedRealMs],
      ] as const
    ).map(([what, values]): Row => {
      const measured = p95(values);
      return {
        what,
        measured,
        target: `≤ ${TARGETS.fusedP95Ms} ms`,
        met: within(measured, TARGETS.fusedP95Ms),
      };
    }),
  ];
  const shown = (row: Row) =>
    row.measured === undefined
      ? 'not measured'
      : row.target.endsWith('%')
        ? `${row.measured.toFixed(1)}%`
        : `${row.measured.toFixed(1)} ms`;
  const verdict = (met: boolean | undefined) => (met === undefined ? '–' : met ? 'met' : 'NOT met');
  return [
    '| target (issue 17) | measured | target | |',
    '|---|---:|---:|---|',
    ...rows.map((row) => `| ${row.what} | ${shown(row)} | ${row.target} | ${verdict(row.met)} |`),
  ].join('\n');
}
