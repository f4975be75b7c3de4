import { beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Db } from '../../src/db/open-database.js';
import type { Embedder } from '../../src/search/fused-search.js';
import { createFusedSearch } from '../../src/search/fused-search.js';
import { createPaperVectors, type PaperVectors } from '../../src/search/paper-vectors.js';
import { createSearch, type Search } from '../../src/search/search-papers.js';
import { ingest, NOW, paper } from '../support/library.js';

/** A fake encoder: a text's vector is how often it says each of four "meanings". */
const MEANINGS = [/fast|quick|speed/g, /protein|fold/g, /music|song/g, /reward|preference/g];
const fakeEmbedder: Embedder = {
  name: 'fake-4',
  async embed(texts) {
    return texts.map((t) =>
      Float32Array.from(MEANINGS.map((m) => (t.match(m)?.length ?? 0) + 0.01)),
    );
  },
};

let db: Db;
let search: Search;
let vectors: PaperVectors;
beforeAll(() => {
  ({ db } = openDatabase(':memory:'));
  ingest(
    db,
    [
      paper('Decoding Faster', 'A quick decoder with speed gains, fast and quick.'),
      paper('Reward Modeling', 'Reward models learn human preference from comparisons.'),
      paper('Song Recommendation', 'Music and song playlists for listeners.'),
      paper('Protein Folding', 'Protein structures fold; we model protein folding.'),
      paper('Unvectored Decoding Paper', 'Decoding decoding decoding for inference.'),
    ],
    { now: NOW },
  );
  search = createSearch(db);
  vectors = createPaperVectors(db, fakeEmbedder.name);
  const rows = db
    .prepare<[], { rowid: number; title: string; abstract: string }>(
      "SELECT rowid, title, abstract FROM papers WHERE title NOT LIKE 'Unvectored%'",
    )
    .all();
  return fakeEmbedder
    .embed(rows.map((r) => `${r.title}. ${r.abstract}`))
    .then((vs) => vectors.put(rows.map((r, i) => ({ rowid: r.rowid, vector: vs[i]! }))));
});

describe('search by words and meaning', () => {
  it('GIVEN a question in other words than any abstract THEN the paper that means it is found; words alone find nothing', async () => {
    const fused = createFusedSearch({ search, vectors, embedder: fakeEmbedder });
    const question = 'which song should come next in my music queue';
    expect(search.search('which queue should come next', { limit: 5 }).hits).toEqual([]);
    const hits = (await fused.search(question, { limit: 3 })).hits;
    expect(hits[0]!.title).toBe('Song Recommendation');
  });

  it('GIVEN words that match THEN BM25 still leads, and the words-only ranking comes along for the not-found decision', async () => {
    const fused = createFusedSearch({ search, vectors, embedder: fakeEmbedder });
    const response = await fused.search('decoding', { limit: 3 });
    expect(response.hits[0]!.title).toBe('Unvectored Decoding Paper');
    expect(response.lexicalHits!.map((h) => h.title)).toEqual(
      search.search('decoding', { limit: 3 }).hits.map((h) => h.title),
    );
  });

  it('GIVEN an encoder that fails THEN the answer is the words-only ranking, not an error', async () => {
    const broken: Embedder = {
      name: 'fake-4',
      embed: vi.fn(async () => Promise.reject(new Error('no model'))),
    };
    const fused = createFusedSearch({ search, vectors, embedder: broken });
    const response = await fused.search('reward preference', { limit: 2 });
    expect(response.hits.map((h) => h.title)).toEqual(
      search.search('reward preference', { limit: 2 }).hits.map((h) => h.title),
    );
    expect(broken.embed).toHaveBeenCalledOnce();
  });

  it('GIVEN an encoder that takes its time THEN the question is sent to it before the words are ranked, so both can run at once', async () => {
    const order: string[] = [];
    const slowEncoder: Embedder = {
      name: 'fake-4',
      async embed(texts) {
        order.push('embed');
        return fakeEmbedder.embed(texts);
      },
    };
    const words: Search = {
      ...search,
      rank(query, options) {
        order.push('words');
        return search.rank(query, options);
      },
    };
    const fused = createFusedSearch({ search: words, vectors, embedder: slowEncoder });
    await fused.search('music song', { limit: 2 });
    expect(order).toEqual(['embed', 'words']);
  });

  it('GIVEN a pool larger than the limit THEN only the hits shown are described (rows read, snippets made), each once, and they read as the words-only search describes them', async () => {
    const described: number[] = [];
    const counting: Search = {
      ...search,
      search() {
        throw new Error('the fused search ranks the words without describing all of them');
      },
      describe(query, ranked) {
        described.push(...ranked.map((r) => r.rowid));
        return search.describe(query, ranked);
      },
    };
    const fused = createFusedSearch({ search: counting, vectors, embedder: fakeEmbedder });
    const response = await fused.search('decoding quick reward', { limit: 2 });
    expect(search.rank('decoding quick reward', { limit: 50 }).ranked.length).toBeGreaterThan(2);
    expect(response.hits).toHaveLength(2);
    expect(new Set(described).size).toBeLessThanOrEqual(4);
    expect(described).toHaveLength(new Set(described).size);
    expect(response.lexicalHits).toEqual(search.search('decoding quick reward', { limit: 2 }).hits);
    for (const hit of response.hits) expect(hit.snippet.length).toBeGreaterThan(0);
  });

  it('GIVEN vectors stored THEN the nearest papers come back best first, and missing lists the paper without one', async () => {
    const [query] = await fakeEmbedder.embed(['protein fold']);
    const { top, cosines } = vectors.nearest(query!, 2);
    expect(top[0]!.cosine).toBeGreaterThan(top[1]!.cosine);
    expect(cosines.get(top[0]!.rowid)).toBe(top[0]!.cosine);
    const protein = db
      .prepare("SELECT rowid FROM papers WHERE title = 'Protein Folding'")
      .pluck()
      .get();
    expect(top[0]!.rowid).toBe(protein);
    expect(vectors.missing(10).map((p) => p.title)).toEqual(['Unvectored Decoding Paper']);
    expect(createPaperVectors(db, 'another-model').missing(10)).toHaveLength(5);
  });
});

describe('search by words and meaning: the fusion', () => {
  const titles = (r: { hits: { title: string }[] }) => r.hits.map((h) => h.title);

  it('GIVEN only common words THEN the search says so, whatever the meaning', async () => {
    const fused = createFusedSearch({ search, vectors, embedder: fakeEmbedder });
    const response = await fused.search('what is the paper about?');
    expect(response.message).toMatch(/common words/);
    expect(response.hits).toEqual([]);
  });

  it("GIVEN the meaning's share at 0 THEN the words' ranking; at 1 THEN the meaning's, papers without a vector counted average", async () => {
    const query = 'decoding protein';
    const words = createFusedSearch({ search, vectors, embedder: fakeEmbedder }, { weight: 0 });
    const meaning = createFusedSearch({ search, vectors, embedder: fakeEmbedder }, { weight: 1 });
    const bm25 = titles(search.search(query, { limit: 5 }));
    expect(titles(await words.search(query, { limit: 5 })).slice(0, bm25.length)).toEqual(bm25);
    const byMeaning = titles(await meaning.search(query, { limit: 5 }));
    expect(byMeaning[0]).toBe('Protein Folding');
    expect(byMeaning.indexOf('Unvectored Decoding Paper')).toBeGreaterThan(0);
  });

  it('GIVEN fused hits THEN each carries its fused score to three decimals, best first; a paper found by meaning alone has a words score of 0', async () => {
    const fused = createFusedSearch({ search, vectors, embedder: fakeEmbedder });
    const response = await fused.search('which song should come next in my music queue', {
      limit: 5,
    });
    const scores = response.hits.map((h) => h.fused!);
    expect(scores.every((s) => Number.isFinite(s))).toBe(true);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    for (const s of scores) expect(s * 1000).toBeCloseTo(Math.round(s * 1000), 6);
    const bm25 = new Set(
      search.search('which song should come next in my music queue').hits.map((h) => h.title),
    );
    const byMeaningAlone = response.hits.filter((h) => !bm25.has(h.title));
    expect(byMeaningAlone.length).toBeGreaterThan(0);
    for (const hit of byMeaningAlone) expect(hit.score).toBe(0);
  });

  it('GIVEN the stored vectors cannot be read THEN the answer is the words-only ranking, cut to the limit', async () => {
    const unreadable: PaperVectors = {
      ...vectors,
      nearest: () => {
        throw new Error('database is locked');
      },
    };
    const fused = createFusedSearch({ search, vectors: unreadable, embedder: fakeEmbedder });
    const response = await fused.search('decoding quick reward', { limit: 2 });
    expect(titles(response)).toEqual(titles(search.search('decoding quick reward', { limit: 2 })));
    expect(response.hits).toHaveLength(2);
  });

  it('GIVEN no paper has a vector of the encoder yet THEN the response is the words-only one, without fused scores', async () => {
    const none = createPaperVectors(db, 'an-encoder-with-no-vectors');
    const fused = createFusedSearch({ search, vectors: none, embedder: fakeEmbedder });
    const response = await fused.search('decoding quick reward', { limit: 2 });
    expect(response).toEqual(search.search('decoding quick reward', { limit: 2 }));
  });

  it('GIVEN papers tied on the fused score THEN they come in library order, whatever order the meaning put them in', async () => {
    const rowidOf = (title: string) =>
      db.prepare<[string], number>('SELECT rowid FROM papers WHERE title = ?').pluck().get(title)!;
    // At the words' share alone, every paper the words miss scores the same (BM25 0).
    const fused = createFusedSearch({ search, vectors, embedder: fakeEmbedder }, { weight: 0 });
    const [question] = await fakeEmbedder.embed(['protein']);
    const byMeaning = vectors.nearest(question!, 50).top.map((t) => t.rowid);
    const missed = byMeaning.filter((r) => r !== rowidOf('Protein Folding'));
    expect(missed).not.toEqual([...missed].sort((a, b) => a - b));
    const hits = (await fused.search('protein', { limit: 5 })).hits;
    expect(hits.map((h) => h.rowid)).toEqual([
      rowidOf('Protein Folding'),
      ...[...missed].sort((a, b) => a - b),
    ]);
  });

  it("GIVEN one signal's share alone THEN each hit's fused score is that signal's z-score over the union of both pools, to three decimals; a paper without a vector counts as the average", async () => {
    /** z-scores over the values present; absent: 0. */
    const z = (values: (number | undefined)[]) => {
      const present = values.filter((v): v is number => v !== undefined);
      const mean = present.reduce((a, b) => a + b, 0) / present.length;
      const sd = Math.sqrt(present.reduce((a, b) => a + (b - mean) ** 2, 0) / present.length);
      return values.map((v) => (v === undefined ? 0 : Math.round(((v - mean) / sd) * 1000) / 1000));
    };
    const query = 'decoding protein';
    const bm25 = new Map(search.rank(query, { limit: 50 }).ranked.map((r) => [r.rowid, r.score]));
    const [question] = await fakeEmbedder.embed([query]);
    const near = vectors.nearest(question!, 50, [...bm25.keys()]);
    const union = [...new Set([...bm25.keys(), ...near.top.map((t) => t.rowid)])];
    expect(union.length).toBe(5);
    const expected = (scores: (number | undefined)[]) => {
      const zs = z(scores);
      return new Map(union.map((rowid, i) => [rowid, zs[i]]));
    };
    const byWords = expected(union.map((r) => bm25.get(r) ?? 0));
    const byMeaning = expected(union.map((r) => near.cosines.get(r)));
    for (const [weight, want] of [
      [0, byWords],
      [1, byMeaning],
    ] as const) {
      const fused = createFusedSearch({ search, vectors, embedder: fakeEmbedder }, { weight });
      const hits = (await fused.search(query, { limit: 5 })).hits;
      expect(hits).toHaveLength(5);
      for (const hit of hits)
        expect(hit.fused, `${hit.title} at ${weight}`).toBe(want.get(hit.rowid));
    }
    expect(byMeaning.get(union.find((r) => !near.cosines.has(r))!)).toBe(0);
  });

  it("GIVEN the meaning's share alone THEN the papers are in the order of their cosines, those the words found outside the meaning's own few nearest too", async () => {
    const query = 'decoding reward song song music';
    const [question] = await fakeEmbedder.embed([query]);
    const cosine = vectors.nearest(question!, 50).cosines;
    const fused = createFusedSearch(
      { search, vectors, embedder: fakeEmbedder },
      { weight: 1, pool: 1 },
    );
    const hits = (await fused.search(query, { limit: 5 })).hits;
    const vectored = hits.filter((h) => cosine.has(h.rowid));
    expect(vectored.length).toBeGreaterThan(2);
    expect(vectored.map((h) => h.title)).toEqual(
      [...vectored].sort((a, b) => cosine.get(b.rowid)! - cosine.get(a.rowid)!).map((h) => h.title),
    );
    expect(vectored.map((h) => h.title)).not.toEqual(
      [...vectored].sort((a, b) => a.rowid - b.rowid).map((h) => h.title),
    );
  });

  it('GIVEN a limit above the pool THEN the words are asked for the limit, not the pool', async () => {
    const limits: (number | undefined)[] = [];
    const words: Search = {
      ...search,
      rank(query, options) {
        limits.push(options?.limit);
        return search.rank(query, options);
      },
    };
    await createFusedSearch({ search: words, vectors, embedder: fakeEmbedder }, { pool: 2 }).search(
      'decoding',
      { limit: 4 },
    );
    await createFusedSearch({ search: words, vectors, embedder: fakeEmbedder }).search('decoding');
    expect(limits).toEqual([4, 50]);
  });
});
