import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBundledEmbedder } from '../../src/llm/embedder.js';

afterEach(() => vi.unstubAllGlobals());

describe('the bundled sentence encoder', () => {
  it('GIVEN no network at all THEN it loads from the package and puts a paraphrase nearer than an unrelated text', async () => {
    vi.stubGlobal('fetch', () => {
      throw new Error('the network is not to be used');
    });
    const embedder = createBundledEmbedder();
    const [a, b, c] = await embedder.embed([
      'reward models give higher scores to longer answers',
      'automatic graders favour wordier replies',
      'coral reefs bleach when the sea warms',
    ]);
    expect(a!.length).toBe(512);
    const cos = (x: Float32Array, y: Float32Array) => {
      let dot = 0;
      let nx = 0;
      let ny = 0;
      for (let i = 0; i < x.length; i++) {
        dot += x[i]! * y[i]!;
        nx += x[i]! ** 2;
        ny += y[i]! ** 2;
      }
      return dot / Math.sqrt(nx * ny);
    };
    expect(cos(a!, b!)).toBeGreaterThan(cos(a!, c!) + 0.1);
    expect(await embedder.embed([])).toEqual([]);
  }, 30_000);
});
