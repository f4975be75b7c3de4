import type { Answer, Ask } from '../answer/answer-question.js';
import { readLines, type CliIo } from './io.js';

/** `paperbot ask QUESTION [--json]`, or `-`: one question per stdin line → one JSON line each. */
export async function askCommand(
  ask: Ask,
  question: string,
  options: { json?: boolean },
  io: CliIo,
): Promise<number> {
  if (question === '-') {
    for await (const line of readLines(io.stdin))
      io.stdout.write(`${JSON.stringify(answerJson(await ask(line)))}\n`);
    return 0;
  }
  const answer = await ask(question);
  io.stdout.write(
    options.json
      ? `${JSON.stringify(answerJson(answer))}\n`
      : `${answerText(answer)}\n${renderSources(answer)}`,
  );
  return answer.status === 'rejected' ? 1 : 0;
}

/** The contract's JSON, plus additions (model, notice, nearest, timings). */
export function answerJson(answer: Answer) {
  return {
    question: answer.question,
    status: answer.status,
    answer: answerText(answer),
    citations: answer.citations.map((c) => ({
      n: c.n,
      id: c.id,
      title: c.title,
      date: c.date,
      link: c.link,
    })),
    model: answer.model,
    ...(answer.notice ? { notice: answer.notice } : {}),
    ...(answer.nearest.length ? { nearest: answer.nearest } : {}),
    timings: answer.timings,
  };
}

/** The answer's text for the terminal and JSON: a "not in the library" lists the nearest titles. */
export function answerText(answer: Answer): string {
  if (answer.nearest.length === 0) return answer.text;
  const list = answer.nearest.map((n) => `• ${n.title}`).join('\n');
  return `${answer.text} The nearest titles it has:\n${list}`;
}

/** The numbered sources under an answer, and any notice. */
export function renderSources(answer: Answer): string {
  const parts: string[] = [];
  if (answer.citations.length > 0) {
    const list = answer.citations.map(
      (c) => `[${c.n}] ${c.title}${c.date ? ` (${c.date})` : ''} · ${c.id}\n    ${c.link}`,
    );
    parts.push(`\nSources\n${list.join('\n')}\n`);
  }
  if (answer.notice) parts.push(`\n${answer.notice}\n`);
  return parts.join('');
}
