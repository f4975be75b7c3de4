import { z } from 'zod';

/** One set's figures, as `npm run eval` reports them (shares from 0 to 1). */
export type Figures = Partial<Record<Metric, number>>;
export type Metric =
  | 'hitAt1'
  | 'hitAt5'
  | 'mrrAt10'
  | 'recallAt10'
  | 'citesGold'
  | 'goldCited'
  | 'otherCitations'
  | 'falseNotFound'
  | 'notFound'
  | 'followUpRight';

/** For these a higher figure is worse: their floor is a ceiling. */
const LOWER_IS_BETTER: ReadonlySet<Metric> = new Set(['falseNotFound', 'otherCitations']);

const METRICS = [
  'hitAt1',
  'hitAt5',
  'mrrAt10',
  'recallAt10',
  'citesGold',
  'goldCited',
  'otherCitations',
  'falseNotFound',
  'notFound',
  'followUpRight',
] as const;
export const FloorsFile = z.record(z.string(), z.partialRecord(z.enum(METRICS), z.number()));
export type Floors = z.infer<typeof FloorsFile>;

/**
 * What dropped below its floor (data/eval/floors.json): one line per figure, none when the
 * quality held. Figures are compared at the three decimals the report prints. A set with
 * a floor that was not measured is a failure too (a set must not vanish unnoticed).
 */
export function belowFloors(measured: Record<string, Figures>, floors: Floors): string[] {
  const problems: string[] = [];
  const round = (x: number) => Math.round(x * 1000) / 1000;
  for (const [set, wanted] of Object.entries(floors)) {
    const got = measured[set];
    if (!got) {
      problems.push(`${set}: not measured (the floor file names it)`);
      continue;
    }
    for (const [metric, floor] of Object.entries(wanted) as [Metric, number][]) {
      const value = got[metric];
      if (value === undefined) {
        problems.push(`${set} ${metric}: not measured`);
        continue;
      }
      const worse = LOWER_IS_BETTER.has(metric) ? round(value) > floor : round(value) < floor;
      if (worse)
        problems.push(
          `${set} ${metric}: ${round(value).toFixed(3)} ${LOWER_IS_BETTER.has(metric) ? 'above its ceiling' : 'below its floor'} ${floor.toFixed(3)}`,
        );
    }
  }
  return problems;
}
