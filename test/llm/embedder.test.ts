import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createBundledEmbedder, createServerEmbedder } from '../../src/llm/embedder.js';

afterEach(() => vi.unstubAllGlobals());

describe('the bundled sentence encoder', () => {
  it('GIVEN no network at all THEN it loads from the package and puts a paraphrase nearer than an unrelated text', async () => {
    vi.stubGlobal('fetch', () => {
      throw new Error('the network is not to be used');
    });
    const embedder = createBundledEmbedder({ thread: false });
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

describe('the bundled encoder in a thread of its own', () => {
  it('GIVEN texts THEN the thread gives the vectors the encoder gives in this thread, in order, and empty input stays empty', async () => {
    const texts = ['reward models prefer longer answers', 'coral reefs bleach when the sea warms'];
    const threaded = await createBundledEmbedder().embed(texts);
    const here = await createBundledEmbedder({ thread: false }).embed(texts);
    expect(threaded).toHaveLength(2);
    threaded.forEach((v, i) => {
      expect(v).toBeInstanceOf(Float32Array);
      expect(Array.from(v).map((x) => x.toFixed(5))).toEqual(
        Array.from(here[i]!).map((x) => x.toFixed(5)),
      );
    });
    expect(await createBundledEmbedder().embed([])).toEqual([]);
  }, 60_000);
});

describe('an embedding server (OpenAI /v1/embeddings)', () => {
  async function serve(
    answer: (body: { model: string; input: string[] }) => { status: number; body: unknown },
  ) {
    const seen: { body: { model: string; input: string[] }; auth: string | undefined }[] = [];
    const server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += String(c)));
      req.on('end', () => {
        const body = JSON.parse(raw) as { model: string; input: string[] };
        seen.push({ body, auth: req.headers.authorization });
        const { status, body: out } =
          req.url === '/v1/embeddings' ? answer(body) : { status: 404, body: {} };
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(out));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    return { url, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
  }

  it('GIVEN a server THEN each text gets its vector, in order, under the server model name, with the key sent', async () => {
    const server = await serve(({ input }) => ({
      status: 200,
      body: {
        object: 'list',
        model: 'nomic',
        // Out of order on purpose: the index says which text each is for.
        data: input
          .map((t, index) => ({ object: 'embedding', index, embedding: [t.length, 1, 0] }))
          .reverse(),
        usage: { prompt_tokens: 1, total_tokens: 1 },
      },
    }));
    try {
      const embedder = createServerEmbedder({
        baseURL: server.url,
        model: 'nomic',
        apiKey: 'sk-test',
      });
      expect(embedder.name).toBe('server:nomic');
      const vectors = await embedder.embed(['ab', 'abcd']);
      expect(vectors.map((v) => [...v])).toEqual([
        [2, 1, 0],
        [4, 1, 0],
      ]);
      expect(server.seen[0]).toMatchObject({
        body: { model: 'nomic', input: ['ab', 'abcd'] },
        auth: 'Bearer sk-test',
      });
    } finally {
      await server.close();
    }
  });

  it('GIVEN a server that fails or sends too few vectors THEN embedding rejects with the reason', async () => {
    const failing = await serve(() => ({
      status: 400,
      body: { error: { message: 'unknown model' } },
    }));
    const short = await serve(() => ({
      status: 200,
      body: {
        object: 'list',
        data: [{ object: 'embedding', index: 0, embedding: [1] }],
        model: 'm',
        usage: {},
      },
    }));
    try {
      await expect(
        createServerEmbedder({ baseURL: failing.url, model: 'x' }).embed(['a']),
      ).rejects.toThrow(/unknown model/);
      await expect(
        createServerEmbedder({ baseURL: short.url, model: 'x' }).embed(['a', 'b']),
      ).rejects.toThrow(/1 vectors for 2 texts/);
    } finally {
      await failing.close();
      await short.close();
    }
  });

  it('GIVEN EMBEDDINGS_BASE_URL without a model THEN the settings say what is missing', () => {
    expect(() => loadConfig({ EMBEDDINGS_BASE_URL: 'http://127.0.0.1:9/v1' })).toThrow(
      /EMBEDDINGS_MODEL/,
    );
    expect(
      loadConfig({ EMBEDDINGS_BASE_URL: 'http://127.0.0.1:9/v1', EMBEDDINGS_MODEL: 'm' })
        .embeddings,
    ).toEqual({
      baseUrl: 'http://127.0.0.1:9/v1',
      model: 'm',
      apiKey: undefined,
    });
  });
});
