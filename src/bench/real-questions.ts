import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../app/project-paths.js';

/** Any question file of data/eval: its entries are questions or objects with one. */
const QuestionFile = z.array(
  z.union([z.string(), z.object({ question: z.string() }).transform((q) => q.question)]),
);

/** Words in a question, as people count them (runs of non-space). */
export const wordCount = (text: string): number => text.split(/\s+/).filter(Boolean).length;

/**
 * The real questions of the development sets (data/eval/dev-*.json, written by people, in
 * the same vocabulary as the synthetic corpus) that are the length people ask in a chat:
 * `min`–`max` words, each once, in file order. Follow-up sets (dev-followups*) are
 * conversations, not single questions, and are left out.
 */
export function realChatQuestions(
  dir = join(projectRoot(), 'data', 'eval'),
  { min = 15, max = 40 } = {},
): string[] {
  const files = readdirSync(dir)
    .filter((name) => /^dev-(?!followups).*\.json$/.test(name))
    .sort();
  const questions = files.flatMap((name) =>
    QuestionFile.parse(JSON.parse(readFileSync(join(dir, name), 'utf8'))),
  );
  return [...new Set(questions.filter((q) => wordCount(q) >= min && wordCount(q) <= max))];
}
