import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { compose } from '../../src/app/compose.js';
import { openLibraryAt } from '../../src/app/open-library.js';
import { loadConfig } from '../../src/config.js';
import type { Embedder } from '../../src/search/fused-search.js';
import { createPaperVectors } from '../../src/search/paper-vectors.js';
import { NOW, paper } from '../support/library.js';

/** Counts what it embeds; a text's vector says whether it is about tides. */
function countingEmbedder(): Embedder & { texts: string[] } {
  const texts: string[] = [];
  return {
    name: 'fake-2',
    texts,
    async embed(batch) {
      texts.push(...batch);
      return batch.map((t) => Float32Array.from([/tide|moon|lunar/i.test(t) ? 1 : 0.01, 0.05]));
    },
  };
}

describe('vectors for papers that arrive later', () => {
  it('GIVEN papers added after the library was built THEN they wait, are embedded in bounded batches, and are then found by meaning', async () => {
    const library = openLibraryAt(':memory:', { autoBuild: false });
    const embedder = countingEmbedder();
    const services = compose(loadConfig({}), library, { embedder });
    library.ingest(
      [
        paper('Ocean Tides and the Moon', 'How the moon pulls the sea twice a day.'),
        ...[1, 2, 3, 4, 5].map((i) => paper(`Filler Paper ${i}`, `Unrelated text number ${i}.`)),
      ],
      { now: NOW },
    );
    const vectors = createPaperVectors(library.db, embedder.name);
    expect(vectors.missing(100)).toHaveLength(6);
    expect(await services.fillVectors({ max: 4, batch: 3 })).toBe(4);
    expect(vectors.missing(100)).toHaveLength(2);
    expect(await services.fillVectors({ max: 100, batch: 3 })).toBe(2);
    expect(await services.fillVectors({ max: 100 })).toBe(0);
    expect(embedder.texts).toHaveLength(6);
    // No word of the question is in the paper: only its vector finds it.
    const found = await services.retrieve('lunar effects on coastlines', 3);
    expect(library.search.search('lunar effects on coastlines').hits).toEqual([]);
    expect(found.hits[0]?.title).toBe('Ocean Tides and the Moon');
    library.close();
  });
});

describe('vectors kept in step with the papers', () => {
  it('GIVEN a paper whose abstract an ingest replaces THEN its old vector is dropped, it is embedded again from the new text, and found by what the new text means', async () => {
    const library = openLibraryAt(':memory:', { autoBuild: false });
    const embedder = countingEmbedder();
    const services = compose(loadConfig({}), library, { embedder });
    const fillers = [1, 2, 3, 4].map((i) => paper(`Filler Paper ${i}`, `Unrelated text ${i}.`));
    library.ingest([...fillers, paper('Coastal Notes', 'Sand grains on beaches.')], { now: NOW });
    expect(await services.fillVectors({ max: 100 })).toBe(5);
    const query = 'lunar effects on coastlines';
    expect((await services.retrieve(query, 1)).hits[0]?.title).not.toBe('Coastal Notes');

    const longer = 'Sand grains on beaches, and how the moon pulls the sea twice a day.';
    expect(library.ingest([paper('Coastal Notes', longer)], { now: NOW }).updated).toBe(1);
    const vectors = createPaperVectors(library.db, embedder.name);
    expect(vectors.missing(100).map((p) => p.title)).toEqual(['Coastal Notes']);
    expect(await services.fillVectors({ max: 100 })).toBe(1);
    expect(embedder.texts.at(-1)).toBe(`Coastal Notes. ${longer}`);
    expect((await services.retrieve(query, 1)).hits[0]?.title).toBe('Coastal Notes');
    library.close();
  });
});

describe('an embedding server in the settings', () => {
  it('GIVEN EMBEDDINGS_BASE_URL THEN papers are embedded by that server, under its own model name', async () => {
    const inputs: string[][] = [];
    const server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += String(c)));
      req.on('end', () => {
        const { input } = JSON.parse(raw) as { input: string[] };
        inputs.push(input);
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            object: 'list',
            model: 'm',
            data: input.map((_, index) => ({ object: 'embedding', index, embedding: [1, index] })),
            usage: { prompt_tokens: 1, total_tokens: 1 },
          }),
        );
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const library = openLibraryAt(':memory:', { autoBuild: false });
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
      const services = compose(
        loadConfig({ EMBEDDINGS_BASE_URL: url, EMBEDDINGS_MODEL: 'm' }),
        library,
      );
      library.ingest([paper('One Paper', 'Its text.'), paper('Two Paper', 'More text.')], {
        now: NOW,
      });
      expect(await services.fillVectors({ max: 10 })).toBe(2);
      expect(inputs.flat()).toEqual(['One Paper. Its text.', 'Two Paper. More text.']);
      expect(createPaperVectors(library.db, 'server:m').missing(10)).toEqual([]);
    } finally {
      library.close();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
