import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';

/** Everything a CLI command touches outside itself, so tests can run it in-process. */
export interface CliIo {
  stdin: Readable & { isTTY?: boolean };
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  env: Record<string, string | undefined>;
  now: () => Date;
  /** Where SIGINT/SIGTERM come from (default: the process). */
  signals?: NodeJS.EventEmitter;
}

/** A failure the user caused or can fix: printed as one line, exit code 1 (2 for usage). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** `**bold**` snippets as ANSI bold on a terminal, unchanged elsewhere. */
export function renderMarks(text: string, tty: boolean | undefined): string {
  return tty ? text.replace(/\*\*(.+?)\*\*/g, '\u001b[1m$1\u001b[22m') : text;
}

/**
 * The lines of a stream, split at `\n` only (a `\r\n` ending loses its `\r`): one line in,
 * one answer out, even when a line holds a bare `\r` (readline would split it in two).
 */
export async function* readLines(input: Readable): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of input as AsyncIterable<string | Buffer>) {
    const text = rest + (typeof chunk === 'string' ? chunk : decoder.write(chunk));
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      yield withoutCr(text.slice(start, nl));
      start = nl + 1;
    }
    rest = text.slice(start);
  }
  rest += decoder.end();
  if (rest !== '') yield withoutCr(rest);
}

function withoutCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
