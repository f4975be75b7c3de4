import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLibraryAt, type Library } from '../../src/app/open-library.js';
import { createSearch, type Search } from '../../src/search/search-papers.js';
import { rerankBySurface, sameSurface, type PoolDoc } from '../../src/search/surface-agreement.js';
import { openDatabase } from '../../src/db/open-database.js';
import { ingest, NOW, paper } from '../support/library.js';

describe('surface agreement between a query word and a word of the same Porter stem', () => {
  it('GIVEN forms that differ only in their endings THEN they agree', () => {
    expect(sameSurface('generalization', 'generalizes')).toBe(true);
    expect(sameSurface('generalization', 'generalizations')).toBe(true);
    expect(sameSurface('model', 'modeling')).toBe(true);
  });

  it('GIVEN words that share no more than the stem THEN they do not', () => {
    expect(sameSurface('generalization', 'generation')).toBe(false);
    expect(sameSurface('generalization', 'general')).toBe(false);
  });
});

describe("re-ranking BM25's pool by the query words' own forms", () => {
  const doc = (rowid: number, score: number, title: string, abstract = ''): PoolDoc => ({
    rowid,
    score,
    title,
    abstract,
  });
  const input = (words: string[], pool: PoolDoc[]) => ({
    words,
    pool,
    papers: 1000,
    documentFrequency: () => 600,
    titleWeight: 8,
  });

  it('GIVEN a stem that folds nothing else in the pool THEN BM25 order and scores are kept', () => {
    const pool = [doc(1, 3, 'Reward models'), doc(2, 2, 'A reward model'), doc(3, 1, 'Rewards')];
    expect(rerankBySurface(input(['reward', 'models'], pool))).toEqual(
      pool.map(({ rowid, score }) => ({ rowid, score })),
    );
  });

  it('GIVEN papers that match the stem through another word THEN the paper with the word itself goes first, its BM25 score kept beneath the bonus', () => {
    const pool = [
      doc(1, 0.2, 'Retrieval-augmented generation'),
      doc(2, 0.2, 'Text generation at scale'),
      doc(3, 0.1, 'Transformers', 'We study length generalization.'),
    ];
    const ranked = rerankBySurface(input(['generalization'], pool));
    expect(ranked.map((r) => r.rowid)).toEqual([3, 1, 2]);
    expect(ranked[0]!.score).toBeGreaterThan(0.2);
    expect(ranked.slice(1)).toEqual([
      { rowid: 1, score: 0.2 },
      { rowid: 2, score: 0.2 },
    ]);
  });

  /** The README's bonus: (idf of the form's estimated df − idf of the stem's) × BM25's saturated count. */
  const idf = (papers: number, df: number) =>
    Math.max(Math.log((papers - df + 0.5) / (df + 0.5)), 0) || 1e-6;
  const bonus = (df: number, withStem: number, withForm: number, count: number) =>
    ((idf(1000, (df * (withForm + 0.5)) / (withStem + 0.5)) - idf(1000, df)) * count * 2.2) /
    (count + 1.2);
  const expectScores = (
    ranked: { rowid: number; score: number }[],
    expected: [number, number][],
  ) => {
    expect(ranked.map((r) => r.rowid)).toEqual(expected.map(([rowid]) => rowid));
    ranked.forEach((r, i) => expect(r.score, `paper ${r.rowid}`).toBeCloseTo(expected[i]![1], 12));
  };

  it("GIVEN the word's form in titles, abstracts and possessives, and words that only begin like its stem THEN each paper with the form gains the form's information, weighted as BM25 counts it", () => {
    const pool = [
      doc(1, 0.5, 'Retrieval-augmented generation'),
      doc(2, 0.4, 'A Generalist Agent', 'One policy for many tasks.'),
      doc(3, 0.35, 'Degenerate Solutions', 'Why training degenerates.'),
      doc(4, 0.3, 'Generalization in Transformers', 'Length generalization’s limits.'),
      doc(5, 0.2, 'Text generation at scale'),
      doc(6, 0.1, 'Transformers', 'We study length generalization.'),
    ];
    // The stem "gener" is in papers 1, 4, 5 and 6 ("generalist" and "degenerate" are other
    // stems); the form in 4 (title: 8, abstract: 1) and 6 (abstract: 1).
    expectScores(rerankBySurface(input(['generalization'], pool)), [
      [4, 0.3 + bonus(600, 4, 2, 9)],
      [6, 0.1 + bonus(600, 4, 2, 1)],
      [1, 0.5],
      [2, 0.4],
      [3, 0.35],
      [5, 0.2],
    ]);
  });

  it('GIVEN an expression THEN a paper counts as having its stem only with every word, and its form only with the words in sequence, each as typed, to the end', () => {
    const pool = [
      doc(1, 0.5, 'Length generation'),
      doc(2, 0.45, 'Generalization', 'Short and long length.'),
      doc(3, 0.3, 'Length generalization of transformers'),
      doc(4, 0.25, 'Length', 'Only the length here.'),
      doc(5, 0.2, 'Beyond Length', 'Generalization at every length'),
      doc(6, 0.1, 'Length generalization’s limits'),
      doc(7, 0.05, 'Is length generalizable?'),
    ];
    const ranked = rerankBySurface({
      ...input([], pool),
      expressions: [['length', 'generalization']],
      // The expression's most specific word sets its document frequency.
      documentFrequency: (word) => (word === 'length' ? 300 : 600),
    });
    // Stem: 1, 2, 3, 5, 6 (4 lacks "generalization"; "generalizable" is another stem);
    // form, in titles: 3 and 6.
    expectScores(ranked, [
      [3, 0.3 + bonus(300, 5, 2, 8)],
      [6, 0.1 + bonus(300, 5, 2, 8)],
      [1, 0.5],
      [2, 0.45],
      [4, 0.25],
      [5, 0.2],
      [7, 0.05],
    ]);
  });

  it('GIVEN a word whose stem ends in a letter Porter changed ("studies" → "studi", as "study") THEN papers with the other forms count as having its stem and its form', () => {
    const pool = [
      doc(1, 0.5, 'A case study of preference tuning'),
      doc(2, 0.4, 'The case for scaling', 'We study it.'),
      doc(3, 0.3, 'Case studies'),
      doc(4, 0.2, 'Unrelated'),
    ];
    // Stem: 1, 2 and 3; form ("case" then a same-surface "studies"), in titles: 1 and 3.
    expectScores(rerankBySurface({ ...input([], pool), expressions: [['case', 'studies']] }), [
      [1, 0.5 + bonus(600, 3, 2, 8)],
      [3, 0.3 + bonus(600, 3, 2, 8)],
      [2, 0.4],
      [4, 0.2],
    ]);
  });

  it('GIVEN an expression whose last word comes twice in a row ("reward model models") THEN the expression counts once there', () => {
    const pool = [
      doc(1, 0.3, 'Reward models'),
      doc(2, 0.25, 'Reward and model'),
      doc(3, 0.2, 'Reward model models preferences'),
    ];
    expectScores(rerankBySurface({ ...input([], pool), expressions: [['reward', 'model']] }), [
      [1, 0.3 + bonus(600, 3, 2, 8)],
      [3, 0.2 + bonus(600, 3, 2, 8)],
      [2, 0.25],
    ]);
  });

  it('GIVEN an apostrophe between an expression\'s words ("reward\'s model") THEN that is not the expression, as the index reads "reward", "s", "model"', () => {
    const pool = [
      doc(1, 0.3, "Reward's model"),
      doc(2, 0.25, 'Reward and model'),
      doc(3, 0.2, "Reward models' bias"),
    ];
    expectScores(rerankBySurface({ ...input([], pool), expressions: [['reward', 'model']] }), [
      [3, 0.2 + bonus(600, 3, 1, 8)],
      [1, 0.3],
      [2, 0.25],
    ]);
  });

  it('GIVEN an expression of one word THEN it counts once, as the word', () => {
    const pool = [doc(1, 0.2, 'Text generation'), doc(2, 0.1, 'Transformers', 'Generalization.')];
    expect(
      rerankBySurface({ ...input(['generalization'], pool), expressions: [['generalization']] }),
    ).toEqual(rerankBySurface(input(['generalization'], pool)));
  });

  it("GIVEN many papers tied THEN they keep BM25's order", () => {
    const pool = Array.from({ length: 100 }, (_, i) =>
      doc(i + 1, i < 50 ? 1 : 0.5, i % 3 ? 'Text generation' : 'Generalization'),
    );
    const ranked = rerankBySurface(input(['generalization'], pool));
    const gained = pool.filter((d) => d.title === 'Generalization').map((d) => d.rowid);
    expect(ranked.map((r) => r.rowid)).toEqual([
      ...gained,
      ...pool.filter((d) => !gained.includes(d.rowid)).map((d) => d.rowid),
    ]);
  });

  it('GIVEN a prefix word or an empty pool THEN nothing breaks and nothing moves', () => {
    const pool = [doc(1, 2, 'Quantized models'), doc(2, 1, 'Quantization')];
    expect(rerankBySurface(input(['quantiz*'], pool)).map((r) => r.rowid)).toEqual([1, 2]);
    expect(rerankBySurface(input(['generalization'], []))).toEqual([]);
  });
});

describe('search on the bundled library, where Porter folds "generalization" into "generation"', () => {
  let library: Library;
  let search: Search;
  beforeAll(() => {
    library = openLibraryAt(':memory:', { now: NOW, vectors: false });
    search = library.search;
  });
  afterAll(() => library.close());

  it('GIVEN "length generalization" THEN the papers on length generalization come first, positional encoding among them', () => {
    const titles = search.search('length generalization', { limit: 10 }).hits.map((h) => h.title);
    expect(titles.slice(0, 3).every((t) => /length.generali[sz]/i.test(t))).toBe(true);
    expect(titles.slice(0, 3)).toContain(
      'The Impact of Positional Encoding on Length Generalization in Transformers',
    );
    // Plain BM25 ties them with every paper on length and generation.
    const plain = createSearch(library.db, { rerankPool: 0 }).search('length generalization');
    expect(plain.hits[0]!.title).not.toMatch(/generali[sz]/i);
  });

  it('GIVEN "generalization" alone THEN every paper in the top 5 is about generalizing, none about generation only', () => {
    const hits = search.search('generalization', { limit: 5 }).hits;
    expect(hits).toHaveLength(5);
    for (const hit of hits) expect(`${hit.title} ${hit.abstract}`).toMatch(/generaliz/i);
    expect(hits[0]!.title).not.toMatch(/Retrieval-Augmented Generation/);
  });

  it('GIVEN an exact title THEN that paper is still first', () => {
    expect(search.search('LLM Tree Search').hits[0]!.title).toBe('LLM Tree Search');
  });

  it('GIVEN the fast and the exhaustive path THEN the re-ranked lists are the same (both start from the exact BM25 pool)', () => {
    const exhaustive = createSearch(library.db, { fastPath: false });
    for (const q of ['length generalization', 'generalization to longer inputs', 'reward models']) {
      expect(search.search(q).hits.map((h) => [h.rowid, h.score])).toEqual(
        exhaustive.search(q).hits.map((h) => [h.rowid, h.score]),
      );
    }
  });
});

describe('an expression that names one thing ("large language models")', () => {
  // Its words are everywhere; the expression itself is in one paper.
  const corpus = [
    paper('Large Models of Language', 'Language at large: models of language, large and small.'),
    paper('Reading Comprehension', 'We prompt large language models to answer questions.'),
    ...['vision', 'speech', 'graphs', 'tables', 'code', 'music'].map((topic) =>
      paper(`Large models for ${topic}`, `Models of ${topic} and its language, at large scale.`),
    ),
    ...['proteins', 'weather', 'traffic', 'markets'].map((topic) =>
      paper(`Forecasting ${topic}`, `Time series of ${topic}, with no words in common.`),
    ),
  ];
  let search: Search;
  let plain: Search;
  beforeAll(() => {
    const { db } = openDatabase(':memory:');
    ingest(db, corpus, { now: NOW });
    search = createSearch(db);
    plain = createSearch(db, { rerankPool: 0 });
  });

  it('GIVEN the expression typed THEN the paper that has it, not the one with its words apart, comes first', () => {
    const query = 'what do large language models do?';
    expect(plain.search(query).hits[0]!.title).toBe('Large Models of Language');
    expect(search.search(query).hits[0]!.title).toBe('Reading Comprehension');
  });

  it('GIVEN the same words in another order THEN nothing is counted as the expression', () => {
    const query = 'models language large';
    expect(search.search(query).hits.map((h) => h.title)).toEqual(
      plain.search(query).hits.map((h) => h.title),
    );
  });
});
