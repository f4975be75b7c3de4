import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Ask } from '../answer/answer-question.js';

const ReadingSet = z.array(
  z.object({ question: z.string(), gold: z.array(z.string()), expect: z.string() }),
);

/**
 * Prints each question of a reading set with its answer and sources, and what a correct
 * answer must contain, so that a person can mark it answers / partly / misses.
 */
export async function printReading(deps: { ask: Ask }, file: string): Promise<void> {
  const set = ReadingSet.parse(JSON.parse(readFileSync(file, 'utf8')));
  for (const [i, item] of set.entries()) {
    const answer = await deps.ask(item.question);
    const cited = answer.citations.some((c) => item.gold.includes(c.title));
    console.log(`## ${i + 1}. ${item.question}`);
    console.log(`expect: ${item.expect}`);
    console.log(
      `gold: ${item.gold.join(' | ')} — ${cited ? 'cited' : 'NOT cited'} (${answer.status})`,
    );
    console.log(`\n${answer.text}\n`);
    for (const c of answer.citations) console.log(`  [${c.n}] ${c.title}`);
    console.log('');
  }
}
