import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';

/** Standard output or error: a terminal says so, with its width. */
export interface TerminalOut {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Everything a CLI command touches outside itself, so tests can run it in-process. */
export interface CliIo {
  stdin: Readable & { isTTY?: boolean };
  stdout: TerminalOut;
  stderr: TerminalOut;
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

/**
 * Whether to print colour and bold, as the ecosystem decides (Node's own `hasColors`):
 * FORCE_COLOR wins when set (`0` or `false` turn colour off), then NO_COLOR (https://no-color.org:
 * any non-empty value), then whether the output is a terminal that is not `dumb`.
 */
export function useColor(env: CliIo['env'], out: TerminalOut): boolean {
  const force = env.FORCE_COLOR;
  if (force) return force !== '0' && force !== 'false';
  if (env.NO_COLOR) return false;
  return Boolean(out.isTTY) && env.TERM !== 'dumb';
}

/** `**bold**` snippets as ANSI bold when colour is on, unchanged elsewhere. */
export function renderMarks(text: string, color: boolean | undefined): string {
  return color ? text.replace(/\*\*(.+?)\*\*/g, '\u001b[1m$1\u001b[22m') : text;
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
