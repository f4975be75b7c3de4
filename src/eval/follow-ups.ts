import type { Ask } from '../answer/answer-question.js';
import type { SetReport } from './run-eval.js';
import type { FollowUpSet } from './sets.js';

/**
 * Answers each conversation's first question, then its follow-up with the first turn as
 * history (as a thread or `paperbot chat` does). A follow-up is answered from the right paper
 * when its answer cites a paper of `about` and, when it refers to the first answer's papers,
 * cites nothing outside `about`.
 */
export async function evaluateFollowUps(deps: { ask: Ask }, set: FollowUpSet): Promise<SetReport> {
  let right = 0;
  const misses: string[] = [];
  for (const { first, followUp, about, refers } of set.conversations) {
    const before = await deps.ask(first);
    const history = [
      { question: first, answer: before.text, cited: before.citations.map((c) => c.id) },
    ];
    const answer = await deps.ask(followUp, { history });
    const cited = answer.citations.map((c) => c.id);
    const ok =
      cited.some((id) => about.includes(id)) &&
      (!refers || cited.every((id) => about.includes(id)));
    if (ok) right++;
    else
      misses.push(
        `  ${refers ? 'refers' : 'new   '} ${answer.status.padEnd(9)} ${first} → ${followUp}\n        first cited: ${history[0]!.cited.join(' ')}\n        want: ${about.join(' ')}\n        got:  ${cited.join(' ') || '(nothing)'}`,
      );
  }
  const n = set.conversations.length;
  return {
    name: set.name,
    questions: n,
    figures: { followUpRight: right / (n || 1) },
    counts: { followUpRight: right },
    misses,
  };
}
