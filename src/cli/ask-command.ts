import type { Answer, Ask } from '../answer/answer-question.js';
import { citedDate } from '../corpus/paper.js';
import { readLines, type CliIo, type TerminalOut } from './io.js';
import { wrapText } from './wrap.js';

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
  const width = terminalWidth(io.stdout);
  io.stdout.write(
    options.json
      ? `${JSON.stringify(answerJson(answer))}\n`
      : `${wrapText(answerText(answer), width)}\n${renderSources(answer, width)}`,
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
      ...(c.yearInferred ? { yearInferred: true } : {}),
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

/** The width to wrap to: the terminal's, or none when output is not a terminal. */
export function terminalWidth(out: TerminalOut): number | undefined {
  return out.isTTY && out.columns ? out.columns : undefined;
}

/**
 * The numbered sources under an answer, and any notice. On a terminal (`width`) each
 * source wraps under its number and its link is short: an arXiv page as it is, a title
 * search (long, the title encoded) as a terminal hyperlink (OSC 8) on a few words.
 */
export function renderSources(answer: Answer, width?: number): string {
  const parts: string[] = [];
  if (answer.citations.length > 0) {
    const list = answer.citations.map((c) => {
      const date = citedDate(c.date, c.yearInferred);
      const head = `[${c.n}] ${c.title}${date ? ` (${date})` : ''} · ${c.id}`;
      return `${wrapText(head, width, '    ')}\n    ${width ? shortLink(c.link) : c.link}`;
    });
    parts.push(`\nSources\n${list.join('\n')}\n`);
  }
  if (answer.notice) parts.push(`\n${wrapText(answer.notice, width)}\n`);
  return parts.join('');
}

/** A link for a terminal: as it is when short, else a hyperlink (OSC 8) on a few words. */
export function shortLink(link: string): string {
  if (link.length <= 48) return link;
  return `\u001b]8;;${link}\u001b\\arXiv search for this title\u001b]8;;\u001b\\`;
}
