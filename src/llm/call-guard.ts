import { ModelError } from './chat-model.js';

export type StopReason = 'timeout' | 'idle' | 'aborted';

export interface CallGuardOptions {
  /** The caller's signal: aborting it cancels the call. */
  signal?: AbortSignal | undefined;
  /** The whole call must end within this many milliseconds. */
  timeoutMs: number;
  /** Longest silence allowed while waiting for the next piece of a response. */
  idleMs: number;
}

/** The limits of one model call: the caller's cancel, a deadline, and an idle timer. */
export interface CallGuard {
  /** Aborted when the call is stopped (or disposed): hand it to every request. */
  readonly signal: AbortSignal;
  /** Why the call was stopped, once it was. */
  readonly reason: StopReason | undefined;
  /** The ModelError that says why the call was stopped. */
  stoppedError(cause?: unknown): ModelError;
  /**
   * Settles like `promise`, or rejects with stoppedError() the moment the call is
   * stopped, even if `promise` never settles (a fetch that ignores its signal). With
   * `idle`, the idle timer runs while waiting: the server owes us the next piece.
   */
  wait<T>(promise: PromiseLike<T>, options?: { idle?: boolean }): Promise<T>;
  /** A pause (a retry backoff) that the stop cuts short. */
  sleep(ms: number): Promise<void>;
  remainingMs(): number;
  /** Clears the timers and cancels whatever request is still open. */
  dispose(): void;
}

export function guardCall(options: CallGuardOptions, now: () => number = Date.now): CallGuard {
  const controller = new AbortController();
  const started = now();
  let reason: StopReason | undefined;
  let disposed = false;

  const stop = (why: StopReason) => {
    if (disposed || controller.signal.aborted) return;
    reason = why;
    controller.abort();
  };
  const onCallerAbort = () => stop('aborted');
  const deadline = setTimeout(() => stop('timeout'), options.timeoutMs);
  if (options.signal?.aborted) stop('aborted');
  else options.signal?.addEventListener('abort', onCallerAbort, { once: true });

  const stoppedError = (cause?: unknown): ModelError => {
    const withCause = {
      cause: cause ?? (reason === 'aborted' ? options.signal?.reason : undefined),
    };
    if (reason === 'timeout') {
      return new ModelError(
        'timeout',
        `the model server did not finish within ${options.timeoutMs} ms`,
        withCause,
      );
    }
    if (reason === 'idle') {
      return new ModelError(
        'timeout',
        `the model server stopped sending for ${options.idleMs} ms`,
        withCause,
      );
    }
    return new ModelError('aborted', 'the request was cancelled', withCause);
  };

  const wait = <T>(promise: PromiseLike<T>, { idle = false } = {}): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const signal = controller.signal;
      let idleTimer: NodeJS.Timeout | undefined;
      const onStop = () => reject(stoppedError());
      const settle = () => {
        clearTimeout(idleTimer);
        signal.removeEventListener('abort', onStop);
      };
      // Attached first, so a late rejection of an abandoned promise is always handled.
      Promise.resolve(promise).then(
        (value) => (settle(), resolve(value)),
        (error: unknown) => (settle(), reject(error)),
      );
      if (signal.aborted) return onStop();
      signal.addEventListener('abort', onStop, { once: true });
      if (idle) idleTimer = setTimeout(() => stop('idle'), options.idleMs);
    });

  const sleep = (ms: number): Promise<void> => {
    if (controller.signal.aborted) return Promise.reject(stoppedError());
    let timer: NodeJS.Timeout | undefined;
    // The timer is cleared on stop, so an abandoned backoff keeps no process alive.
    const onStop = () => clearTimeout(timer);
    controller.signal.addEventListener('abort', onStop, { once: true });
    const pause = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        controller.signal.removeEventListener('abort', onStop);
        resolve();
      }, ms);
    });
    return wait(pause);
  };

  return {
    signal: controller.signal,
    get reason() {
      return reason;
    },
    stoppedError,
    wait,
    sleep,
    remainingMs: () => Math.max(0, options.timeoutMs - (now() - started)),
    dispose() {
      clearTimeout(deadline);
      options.signal?.removeEventListener('abort', onCallerAbort);
      disposed = true;
      controller.abort();
    },
  };
}
