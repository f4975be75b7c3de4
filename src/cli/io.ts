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
