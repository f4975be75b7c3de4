/**
 * The one format in which numbered sources and the question travel inside a prompt.
 * The answer layer renders it; the extractive model reads it back, so the two can
 * never disagree.
 */
export interface FormattedSource {
  n: number;
  title: string;
  date: string | null;
  abstract: string;
}

export interface PromptParts {
  sources: FormattedSource[];
  question: string;
  history: { question: string; answer: string }[];
}

const UNKNOWN_DATE = 'date unknown';

/**
 * Data can't open or close a fence: angle brackets become look-alikes. For the prompt
 * only: what a user reads goes through unfence (an abstract's "<0.5 point gap" stays so).
 */
export function fence(text: string): string {
  return text
    .replace(/</g, '‹')
    .replace(/>/g, '›')
    .replace(/\s*\n\s*/g, ' ');
}

/**
 * The original brackets back, in text read from a prompt or written by a model that read
 * one. Exact for text without ‹ or › of its own (none of the bundled pages has one).
 */
export function unfence(text: string): string {
  return text.replace(/‹/g, '<').replace(/›/g, '>');
}

export function renderSource(source: FormattedSource): string {
  // Always a date in parentheses, so a title ending in "(…)" is never read as one.
  const date = source.date ? fence(source.date).replace(/[()]/g, '') : UNKNOWN_DATE;
  return `[${source.n}] ${fence(source.title)} (${date})\n${fence(source.abstract)}`;
}

export function renderPromptBody(parts: PromptParts): string {
  const blocks = [`<sources>\n${parts.sources.map(renderSource).join('\n')}\n</sources>`];
  if (parts.history.length > 0) {
    const turns = parts.history.map((t) => `Q: ${fence(t.question)}\nA: ${fence(t.answer)}`);
    blocks.push(`<history>\n${turns.join('\n')}\n</history>`);
  }
  blocks.push(`<question>\n${fence(parts.question)}\n</question>`);
  blocks.push('Answer the question from the sources, citing them as [n].');
  return blocks.join('\n\n');
}

/** Reads a body written by renderPromptBody; undefined for any other text. */
export function readPromptBody(body: string): PromptParts | undefined {
  const sourcesBlock = /<sources>\n([\s\S]*?)\n?<\/sources>/.exec(body);
  const questionBlock = /<question>\n([\s\S]*?)\n<\/question>/.exec(body);
  if (!sourcesBlock || !questionBlock) return undefined;
  const lines = sourcesBlock[1]!.split('\n').filter(Boolean);
  const sources: FormattedSource[] = [];
  for (let i = 0; i + 1 < lines.length; i += 2) {
    const head = /^\[(\d+)\] (.*) \(([^()]*)\)$/.exec(lines[i]!);
    if (!head) return undefined;
    const date = head[3] === UNKNOWN_DATE ? null : head[3]!;
    sources.push({
      n: Number(head[1]),
      title: unfence(head[2]!),
      date: date === null ? null : unfence(date),
      abstract: unfence(lines[i + 1]!),
    });
  }
  const history: PromptParts['history'] = [];
  const historyBlock = /<history>\n([\s\S]*?)\n<\/history>/.exec(body);
  if (historyBlock) {
    const turnLines = historyBlock[1]!.split('\n');
    for (let i = 0; i + 1 < turnLines.length; i += 2) {
      history.push({
        question: unfence(turnLines[i]!.replace(/^Q: /, '')),
        answer: unfence(turnLines[i + 1]!.replace(/^A: /, '')),
      });
    }
  }
  return { sources, question: unfence(questionBlock[1]!), history };
}
