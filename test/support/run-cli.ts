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

/** A `paperbot start` running in this process (see startPaperbot). */
export interface StartRun {
  /** Its exit code, once it has stopped. */
  done: Promise<number>;
  /** Sends SIGTERM and waits for the exit code. */
  stop(): Promise<number>;
  /** What it has written to stderr so far (JSON log lines). */
  stderr(): string;
  /** Those lines, parsed. */
  logs<T = { msg: string }>(): T[];
}

/**
 * `paperbot start` in-process with its own env, reached through runCli so the wiring is the
 * real one; the clock is the real one unless `now` is given. Stop it with `stop()`.
 */
export function startPaperbot(env: Record<string, string>, now = () => new Date()): StartRun {
  const signals = new EventEmitter();
  let stderr = '';
  const done = runCli(['start'], {
    stdin: Readable.from([]),
    stdout: { write: () => true },
    stderr: { write: (text: string) => (stderr += text) },
    env,
    now,
    signals,
  });
  return {
    done,
    stop: () => {
      signals.emit('SIGTERM');
      return done;
    },
    stderr: () => stderr,
    logs: <T = { msg: string }>() =>
      stderr
        .trimEnd()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as T),
  };
}
