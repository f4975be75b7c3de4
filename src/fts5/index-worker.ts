import { createRequire } from 'node:module';
import {
  MessageChannel,
  receiveMessageOnPort,
  Worker,
  type MessagePort,
} from 'node:worker_threads';
import type * as WorkerThreads from 'node:worker_threads';
import type { BuiltIndex } from './graft.js';
import { createScratchIndex, type IndexRow } from './scratch-index.js';

export interface IndexWorkerOptions {
  tokenizer: string;
  columns: readonly string[];
  /** Called on the caller's thread, inside add() or finish(), for each finished segment. */
  onIndex: (built: BuiltIndex) => void;
  /**
   * Rows per segment the worker hands back. Small enough that the last segment of an
   * ingest, which the caller waits for, is quickly written (bench, 200,000 papers in
   * batches of 10,000, when the caller also indexed rows: 15.6–16.0 s at 2,500 rows vs
   * 18.0 s at 10,000), and it bounds the worker's memory; FTS5 merges the segments
   * after (about 10 left at 200,000 papers).
   */
  segmentRows?: number;
  /** Rows per message to the worker. */
  chunkRows?: number;
  /** The longest wait for the worker before giving up on it. */
  timeoutMs?: number;
}

/**
 * A worker thread that tokenizes rows into FTS5 segments while the caller's thread goes
 * on with its own writes: the ingest's two cores. Synchronous, like the rest of the
 * ingest: the caller blocks (Atomics.wait) only when MAX_BACKLOG rows wait for the
 * worker, and in finish().
 */
export interface IndexWorker {
  add(row: IndexRow): void;
  /** Waits until every row added is in a segment handed to onIndex; stops the worker. */
  finish(): void;
  /** Stops the worker (also after a failure; idempotent). */
  close(): void;
}

export class IndexWorkerError extends Error {}

type Answer =
  { kind: 'index'; built: BuiltIndex } | { kind: 'error'; message: string } | { kind: 'done' };

/**
 * Rows posted to the worker and not yet indexed before add() waits for it: enough to
 * ride out its pauses (a segment handed back, its garbage collection), few enough that
 * finish() waits little (bench: 4,000 and 1,000 rows within noise, 17.6 and 17.8 s).
 *
 * The caller could index a row itself instead of waiting (5–10% faster ingests), but its
 * rows would then be interleaved with the worker's: segments with overlapping rowid
 * ranges, which the search reads more slowly (see ./README.md).
 */
const MAX_BACKLOG = 4_000;

export function startIndexWorker(options: IndexWorkerOptions): IndexWorker {
  const chunkRows = options.chunkRows ?? 250;
  const timeoutMs = options.timeoutMs ?? 600_000;
  // [0]: events (a chunk taken, an answer posted, the worker gone), what the caller waits
  // on; [1]: rows indexed; [2]: 1 once the worker has stopped.
  const signal = new Int32Array(new SharedArrayBuffer(12));
  const { port1: answers, port2 } = new MessageChannel();
  // The prelude: the caller, blocked in Atomics.wait, never gets the Worker's events. A
  // stopped worker raises a flag instead, and an uncaught error in it is answered with
  // and ends the worker, rather than becoming an 'error' event that would end the
  // process. (A listener for that event costs more: each finished worker's memory then
  // stays until the caller's event loop runs, 1 GB across the bench's 20 ingests.)
  // Tools that keep function names (esbuild's keepNames, as tsx runs the source) put
  // calls to a __name helper into functions' source text; here it does nothing.
  const source = `"use strict";
    {
      const { workerData } = require('node:worker_threads');
      const flags = new Int32Array(workerData.signal);
      const event = () => {
        Atomics.add(flags, 0, 1);
        Atomics.notify(flags, 0);
      };
      process.on('exit', () => {
        Atomics.store(flags, 2, 1);
        event();
      });
      process.on('uncaughtException', (error) => {
        workerData.port.postMessage({ kind: 'error', message: String(error && error.message || error) });
        event();
        process.exit(1);
      });
    }
    var __name = (fn) => fn;
    (${indexWorkerMain.toString()})(${createScratchIndex.toString()});`;
  const worker = new Worker(source, {
    eval: true,
    workerData: {
      port: port2,
      signal: signal.buffer,
      sqlitePath: createRequire(import.meta.url).resolve('better-sqlite3'),
      tokenizer: options.tokenizer,
      columns: options.columns,
      segmentRows: options.segmentRows ?? 2_500,
    },
    transferList: [port2],
  });
  worker.unref();
  let chunk: IndexRow[] = [];
  let posted = 0; // rows
  let done = false;
  let closed = false;

  /** Handles every answer already posted. */
  const drain = () => {
    for (let m = receiveMessageOnPort(answers); m; m = receiveMessageOnPort(answers)) {
      const answer = m.message as Answer;
      if (answer.kind === 'error') throw new IndexWorkerError(`index worker: ${answer.message}`);
      if (answer.kind === 'done') done = true;
      else options.onIndex(answer.built);
    }
  };
  /** Blocks until `ready()` holds, handling answers as they come. */
  const waitUntil = (ready: () => boolean, what: string) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const seen = Atomics.load(signal, 0);
      drain();
      if (ready()) return;
      if (Atomics.load(signal, 2) === 1) {
        drain();
        throw new IndexWorkerError('index worker: stopped unexpectedly');
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new IndexWorkerError(`index worker: no answer in ${timeoutMs / 1000} s (${what})`);
      }
      Atomics.wait(signal, 0, seen, Math.min(left, 1000));
    }
  };
  const send = () => {
    if (chunk.length === 0) return;
    worker.postMessage({ kind: 'rows', rows: chunk });
    posted += chunk.length;
    chunk = [];
  };
  const close = () => {
    if (closed) return;
    closed = true;
    answers.close();
    void worker.terminate();
  };
  return {
    add(row) {
      if (closed) throw new Error('index worker already closed');
      chunk.push(row);
      if (chunk.length < chunkRows) return;
      drain();
      const backlog = () => posted + chunk.length - Atomics.load(signal, 1);
      if (backlog() >= MAX_BACKLOG) waitUntil(() => backlog() < MAX_BACKLOG, 'indexing');
      send();
    },
    finish() {
      try {
        send();
        worker.postMessage({ kind: 'finish' });
        waitUntil(() => done, 'finishing');
      } finally {
        close();
      }
    },
    close,
  };
}

/**
 * The worker's program. SELF-CONTAINED: it runs from its source text (an eval worker,
 * so that the same code runs from src/ under the tests and from dist/), and may use
 * nothing but its parameter, `require` and globals.
 */
function indexWorkerMain(makeScratch: typeof createScratchIndex): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { workerData, parentPort } = require('node:worker_threads') as typeof WorkerThreads;
  const data = workerData as {
    port: MessagePort;
    signal: SharedArrayBuffer;
    sqlitePath: string;
    tokenizer: string;
    columns: string[];
    segmentRows: number;
  };
  const signal = new Int32Array(data.signal);
  const event = () => {
    Atomics.add(signal, 0, 1);
    Atomics.notify(signal, 0);
  };
  const answer = (message: Answer) => {
    data.port.postMessage(message);
    event();
  };
  const failed = (error: unknown) =>
    answer({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
  let scratch: ReturnType<typeof createScratchIndex>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    scratch = makeScratch(require(data.sqlitePath), data.tokenizer, data.columns);
  } catch (error) {
    failed(error);
    return;
  }
  const cut = () => {
    const built = scratch.cut();
    if (built) answer({ kind: 'index', built });
  };
  parentPort!.on('message', (message: { kind: 'rows'; rows: IndexRow[] } | { kind: 'finish' }) => {
    try {
      if (message.kind === 'rows') {
        scratch.add(message.rows);
        if (scratch.pending() >= data.segmentRows) cut();
      } else {
        cut();
        answer({ kind: 'done' });
      }
    } catch (error) {
      failed(error);
    } finally {
      if (message.kind === 'rows') {
        Atomics.add(signal, 1, message.rows.length);
        event();
      }
    }
  });
}
