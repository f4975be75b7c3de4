import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';

/** Questions a paper in the library answers: `gold` holds its exact title(s). */
export interface AnswerableSet {
  name: string;
  questions: { question: string; gold: string[] }[];
}
/** Questions on topics the library lacks: the answer must be "not in the library". */
export interface AbsentSet {
  name: string;
  questions: string[];
}

/**
 * Two-turn conversations: a first question, a follow-up, and the ids of the papers the
 * follow-up is about. `refers`: the follow-up points at the first answer's papers (so its
 * answer must cite none outside `about`); false: it changes the subject.
 */
export interface FollowUpSet {
  name: string;
  conversations: { first: string; followUp: string; about: string[]; refers: boolean }[];
}

const FollowUps = z.array(
  z.object({
    first: z.string().min(1),
    followUp: z.string().min(1),
    about: z.array(z.string()).min(1),
    refers: z.boolean(),
  }),
);

const Answerable = z.array(z.object({ question: z.string(), gold: z.array(z.string()).min(1) }));
// A near-miss question may carry the key terms checked absent from the pages.
const Absent = z.array(
  z.union([z.string(), z.object({ question: z.string() }).transform((q) => q.question)]),
);

/** Answerable sets: dev-questions*.json, dev-paraphrase*.json and dev-multi*.json. */
export const ANSWERABLE = /^dev-(questions|paraphrase|multi).*\.json$/;
/** Absent-topic sets: dev-absent*.json and dev-nearmiss*.json. */
export const ABSENT = /^dev-(absent|nearmiss).*\.json$/;

/** Follow-up sets: dev-followups*.json. */
export const FOLLOW_UPS = /^dev-followups.*\.json$/;

export function setFiles(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir)
    .filter((name) => pattern.test(name))
    .sort()
    .map((name) => join(dir, name));
}

export function readAnswerable(file: string): AnswerableSet {
  return { name: basename(file, '.json'), questions: Answerable.parse(readJson(file)) };
}

export function readAbsent(file: string): AbsentSet {
  return { name: basename(file, '.json'), questions: Absent.parse(readJson(file)) };
}

export function readFollowUps(file: string): FollowUpSet {
  return { name: basename(file, '.json'), conversations: FollowUps.parse(readJson(file)) };
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8')) as unknown;
}
