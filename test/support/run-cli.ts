import { EventEmitter } from 'node:events';
import { Readable } from 'node:stream';
import { runCli } from '../../src/cli/run-cli.js';
import { NOW } from './library.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliTerminal {
  /** stdout and stderr are a terminal this many columns wide. */
  columns?: number;
  /** Where SIGINT/SIGTERM come from (default: a quiet emitter, never the test's process). */
  signals?: EventEmitter;
}

/** Runs the paperbot command in-process with its own stdin, env and clock. */
export async function cli(
  args: string[],
  env: Record<string, string>,
  stdin = '',
  terminal: CliTerminal = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const tty = terminal.columns === undefined ? {} : { isTTY: true, columns: terminal.columns };
  const code = await runCli(args, {
    stdin: Readable.from([stdin]),
    stdout: { write: (text: string) => (stdout += text), ...tty },
    stderr: { write: (text: string) => (stderr += text), ...tty },
    env,
    now: () => NOW,
    signals: terminal.signals ?? new EventEmitter(),
  });
  return { code, stdout, stderr };
}
