import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open-database.js';
import { createSearch, type Search } from '../../src/search/search-papers.js';
import { ingest, NOW, paper } from '../support/library.js';

const FILLER = 'We report experiments and discuss results in detail.';
const corpus = [
  paper(
    'Speculative Decoding for Faster Inference',
    `A small draft model proposes tokens that a large model verifies. ${FILLER}`,
  ),
  paper(
    'Efficient Attention Kernels',
    `We discuss speculative decoding briefly, then optimize attention kernels on GPUs. ${FILLER}`,
  ),
  paper(
    'Optimizing Reward Models Against Length Bias',
    `Reward models favour longer answers; we correct this bias. ${FILLER}`,
    {
      published: '2024-04-05',
      dateRaw: 'Apr 5, 2024',
    },
  ),
  paper(
    'Protein Structure Prediction',
    `Folding proteins with deep networks trained on structures. ${FILLER}`,
  ),
  paper(
    'Music Playlist Recommendation',
    `We recommend playlists for listeners of streaming services. ${FILLER}`,
  ),
];

let search: Search;
beforeAll(() => {
  const { db } = openDatabase(':memory:');
  ingest(db, corpus, { now: NOW });
  search = createSearch(db);
});

describe('search ranking on a fixture corpus', () => {
  it('GIVEN words in one title and another abstract THEN the title match ranks first', () => {
    const hits = search.search('speculative decoding').hits;
    expect(hits.map((h) => h.title)).toEqual([
      'Speculative Decoding for Faster Inference',
      'Efficient Attention Kernels',
    ]);
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
  });

  it('GIVEN another form of a word THEN the English stemmer still matches it', () => {
    expect(search.search('optimization of playlists').hits.map((h) => h.title)).toContain(
      'Music Playlist Recommendation',
    );
    expect(search.search('optimizing').hits[0]?.title).toBe(
      'Optimizing Reward Models Against Length Bias',
    );
  });

  it('GIVEN a plain-words question THEN the paper that answers it comes first', () => {
    expect(search.search('why do reward models prefer long answers?').hits[0]?.title).toBe(
      'Optimizing Reward Models Against Length Bias',
    );
    expect(search.search('how are proteins folded with neural networks').hits[0]?.title).toBe(
      'Protein Structure Prediction',
    );
  });

  it('GIVEN a hit THEN it has id, title, score, date and a snippet with the matched words marked', () => {
    const hit = search.search('length bias').hits[0]!;
    expect(hit).toMatchObject({
      id: expect.stringMatching(/^\w{8}$/),
      date: '2024-04-05',
      dateText: 'Apr 5, 2024',
    });
    expect(hit.snippet).toContain('**bias**');
    expect(hit.score).toBeGreaterThan(0);
  });

  it('GIVEN a limit THEN at most that many hits come back, best first', () => {
    const hits = search.search('model experiments', { limit: 2 }).hits;
    expect(hits).toHaveLength(2);
    expect(hits[0]!.score).toBeGreaterThanOrEqual(hits[1]!.score);
  });

  it('GIVEN a query THEN rank gives the papers search shows, in its order and with its scores, and the same message for nothing to search', () => {
    for (const query of ['speculative decoding', 'reward models length', 'the of and']) {
      const { hits, ...shown } = search.search(query, { limit: 3 });
      const { ranked, ...bare } = search.rank(query, { limit: 3 });
      expect(ranked).toEqual(hits.map((h) => ({ rowid: h.rowid, score: h.score })));
      expect(bare).toEqual(shown);
    }
    expect(search.rank('the of and').message).toBeTruthy();
  });

  it('GIVEN words no paper has THEN the result is empty, not an error', () => {
    expect(search.search('quasar telescope').hits).toEqual([]);
  });

  it('GIVEN hostile text THEN search answers with results or a message, never throws', () => {
    for (const text of [
      '"',
      'NEAR(',
      'AND OR NOT',
      '-:^*',
      '',
      '🤖',
      'x'.repeat(10_000),
      '(reward) AND "length',
    ]) {
      const response = search.search(text);
      expect(
        response.hits.length > 0 || response.message !== undefined || response.terms.length > 0,
      ).toBe(true);
    }
  });
});

describe('a title typed as the query', () => {
  const titles = [
    paper(
      'Tree Search',
      `${'We look at planning with many kinds of budgets and settings. '.repeat(12)}`,
    ),
    paper('Tree Search and Tree Search Variants', 'A short note on them.'),
    ...['Music', 'Weather', 'Chemistry', 'Poetry', 'Ocean'].map((topic) =>
      paper(`Unrelated ${topic} Paper`, `We study ${topic.toLowerCase()} for listeners.`),
    ),
  ];
  let db: ReturnType<typeof openDatabase>['db'];
  let titled: Search;
  beforeAll(() => {
    ({ db } = openDatabase(':memory:'));
    ingest(db, titles, { now: NOW });
    titled = createSearch(db);
  });

  it('GIVEN a paper whose words BM25 ranks below another THEN typing its exact title puts it first', () => {
    // Plain BM25 (FTS5's exhaustive ranking of the same words) puts the other paper first.
    const plain = createSearch(db, { fastPath: false }).search('tree search tree').hits;
    expect(plain.map((h) => h.title)).toEqual([
      'Tree Search and Tree Search Variants',
      'Tree Search',
    ]);
    const hits = titled.search('Tree Search').hits;
    expect(hits.map((h) => h.title)).toEqual([
      'Tree Search',
      'Tree Search and Tree Search Variants',
    ]);
    expect(titled.search('  tree-SEARCH! ').hits[0]!.title).toBe('Tree Search');
  });

  it('GIVEN the exact title with a limit of one THEN that paper alone, with its own BM25 score', () => {
    const [only, ...rest] = titled.search('tree search', { limit: 1 }).hits;
    expect(rest).toEqual([]);
    expect(only!.title).toBe('Tree Search');
    const full = titled
      .search('tree search', { limit: 10 })
      .hits.find((h) => h.title === 'Tree Search');
    expect(only!.score).toBe(full!.score);
    expect(only!.score).toBeGreaterThan(0);
  });

  it('GIVEN words that are not a whole title THEN the ranking is plain BM25', () => {
    expect(titled.search('tree search variants').hits[0]!.title).toBe(
      'Tree Search and Tree Search Variants',
    );
    expect(titled.search('search tree').hits.map((h) => h.title)).toEqual(
      createSearch(db, { fastPath: false })
        .search('search tree')
        .hits.map((h) => h.title),
    );
  });
});
