import { SingleBar } from 'cli-progress';
import type { TerminalOut } from './io.js';

export interface Progress {
  /** `done` of `total` so far; the bar appears at the first call. */
  update(done: number, total: number): void;
  /** Clears the bar (idempotent). */
  stop(): void;
}

const NONE: Progress = { update: () => {}, stop: () => {} };

/**
 * A progress bar with counts and rate on a terminal (cli-progress: it redraws at most
 * ten times a second, hides the cursor and fits the width); nothing at all when `out` is
 * not a terminal, so piped output stays exactly the report.
 */
export function startProgress(
  out: TerminalOut,
  label: string,
  clock: () => number = () => performance.now(),
): Progress {
  if (!out.isTTY) return NONE;
  const started = clock();
  const bar = new SingleBar({
    stream: out as unknown as NodeJS.WritableStream,
    format: `${label} {bar} {done}/{all} · {rate}/s`,
    barsize: 24,
    hideCursor: true,
    clearOnComplete: true,
    fps: 10,
  });
  let running = false;
  const numbers = (done: number, total: number) => {
    const seconds = Math.max((clock() - started) / 1000, 0.001);
    return {
      done: done.toLocaleString('en-US'),
      all: total.toLocaleString('en-US'),
      rate: Math.round(done / seconds).toLocaleString('en-US'),
    };
  };
  return {
    update(done, total) {
      if (!running) {
        running = true;
        bar.start(total, done, numbers(done, total));
      } else {
        bar.update(done, numbers(done, total));
      }
    },
    stop() {
      if (!running) return;
      running = false;
      bar.stop();
    },
  };
}
