import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MAX_QUERY_TERMS, buildFtsQuery } from '../../src/search/query-builder.js';

// Every built query must be valid FTS5: run it against a real FTS5 table.
const db = new Database(':memory:');
db.exec(
  "CREATE VIRTUAL TABLE t USING fts5(title, abstract, tokenize='porter unicode61 remove_diacritics 2')",
);
db.prepare('INSERT INTO t VALUES (?, ?)').run(
  'Near duplicate detection',
  'We do not use AND or OR here.',
);
const runs = (match: string) => db.prepare('SELECT rowid FROM t WHERE t MATCH ?').all(match);

const hostile: [string, string][] = [
  ['double quotes', '"long context" "unbalanced'],
  ['single quotes', "it's the model's 'memory'"],
  ['NEAR', 'NEAR(long context, 5)'],
  ['boolean operators', 'length AND bias OR reward NOT hacking'],
  ['lower-case operators', 'and or not near'],
  ['asterisks', '* ** long* *context'],
  ['caret', '^start ^^ of ^'],
  ['column filter colon', 'title: long abstract:context {title abstract}: x'],
  ['minus', '-length - bias --reward'],
  ['parentheses', '((long) (context)))('],
  ['emoji', '🤖 robots 🧠 thinking 👍🏽'],
  ['accents', 'naïve café Schrödinger über'],
  ['non-Latin scripts', '長い文脈 модели لغة'],
  ['only punctuation', '!@#$%^&*()_+-=[]{};:\'",.<>/?\\|`~'],
  ['control characters', 'long\u0000context\u0007\u001b[31m'],
  ['a lone quote', '"'],
];

describe('buildFtsQuery', () => {
  it.each(hostile)('GIVEN %s THEN it builds a query FTS5 accepts', (_name, text) => {
    const built = buildFtsQuery(text);
    if (built.ok) {
      expect(() => runs(built.match)).not.toThrow();
    } else {
      expect(built.message).toMatch(/\w/);
    }
  });

  it('GIVEN FTS5 operators THEN they are searched as plain words, not obeyed', () => {
    const built = buildFtsQuery('length AND bias NOT reward NEAR(x)');
    expect(built).toMatchObject({ ok: true, terms: ['length', 'bias', 'reward', 'near'] });
    if (built.ok) expect(built.match).toBe('"length" OR "bias" OR "reward" OR "near"');
  });

  it('GIVEN an empty or blank text THEN it asks for words', () => {
    for (const text of ['', '   ', '\n\t']) {
      expect(buildFtsQuery(text)).toEqual({
        ok: false,
        message: 'Type a few words to search for.',
        terms: [],
      });
    }
  });

  it('GIVEN only punctuation or emoji THEN it asks for words', () => {
    expect(buildFtsQuery('?!… 🤖🤖').ok).toBe(false);
  });

  it('GIVEN only stop-words THEN it says the words are too common', () => {
    const built = buildFtsQuery('what is the paper about?');
    expect(built.ok).toBe(false);
    if (!built.ok) expect(built.message).toMatch(/common words/);
  });

  it('GIVEN a question in plain words THEN stop-words are kept out of the query', () => {
    expect(buildFtsQuery('Which paper shows how to make LLMs write longer outputs?').terms).toEqual(
      ['make', 'llms', 'write', 'longer', 'outputs'],
    );
  });

  it('GIVEN 10,000 characters THEN it answers with at most the term cap, quickly', () => {
    const words = Array.from({ length: 2000 }, (_, i) => `w${i}`).join(' ');
    const built = buildFtsQuery(words.slice(0, 10_000));
    expect(built.ok).toBe(true);
    expect(built.terms).toHaveLength(MAX_QUERY_TERMS);
    if (built.ok) expect(() => runs(built.match)).not.toThrow();
  });

  it('GIVEN one 10,000-character word THEN it is not searched and the user is told', () => {
    const built = buildFtsQuery('x'.repeat(10_000));
    expect(built.ok).toBe(false);
    if (!built.ok) expect(built.message).toMatch(/nothing .* to search for/i);
  });

  it('GIVEN a word ending in * THEN it stays a prefix search', () => {
    const built = buildFtsQuery('quantiz* models');
    expect(built.ok && built.match).toBe('"quantiz"* OR "models"');
    // Two letters are too short a prefix: searched as the word itself.
    const short = buildFtsQuery('ab* x*');
    expect(short.ok && short.match).toBe('"ab"');
  });

  it('GIVEN a three-letter word ending in * THEN it is a prefix search', () => {
    const built = buildFtsQuery('llm* agents');
    expect(built.ok && built.match).toBe('"llm"* OR "agents"');
  });

  it('GIVEN a possessive with a straight or a curly apostrophe THEN the word is searched without it', () => {
    for (const text of ["the model's memory", 'the model’s memory']) {
      const built = buildFtsQuery(text);
      expect(built.ok && built.match).toBe('"model" OR "memory"');
    }
  });

  it('GIVEN an elision or a name with an apostrophe THEN the word after it is searched, as the index splits there; a short ending is not', () => {
    expect(buildFtsQuery("l'attention d’Alembert O'Reilly they'll say").terms).toEqual([
      'attention',
      'alembert',
      'reilly',
      'say',
    ]);
    const built = buildFtsQuery("l'atten* model's* d'un* x'yzw* rock'n'roll*");
    expect(built.ok && built.match).toBe('"atten"* OR "model"* OR "yzw"* OR "rock" OR "roll"*');
  });

  it('GIVEN a contraction that is a stop-word, with either apostrophe THEN it is left out whole', () => {
    expect(buildFtsQuery("why don't models generalize").terms).toEqual(['models', 'generalize']);
    expect(buildFtsQuery('why don’t models generalize').terms).toEqual(['models', 'generalize']);
  });

  it('GIVEN repeated words THEN each is searched once', () => {
    const built = buildFtsQuery('length bias, Length BIAS and length*, length*');
    expect(built.ok && built.match).toBe('"length" OR "bias" OR "length"*');
  });

  it('GIVEN single letters and single digits THEN the letters are left out and the digits searched', () => {
    expect(buildFtsQuery('x y 3 z 7b').terms).toEqual(['3', '7b']);
  });

  it('GIVEN a word of 64 characters THEN it is searched; of 65 THEN it is not', () => {
    const long = 'a'.repeat(64);
    expect(buildFtsQuery(`${long} pruning`).terms).toEqual([long, 'pruning']);
    expect(buildFtsQuery(`${long}b pruning`).terms).toEqual(['pruning']);
  });

  it('GIVEN full-width or ligature characters THEN they are searched as the plain words they stand for', () => {
    expect(buildFtsQuery('ＬＬＭ ﬁne-tuning').terms).toEqual(['llm', 'fine', 'tuning']);
  });

  it('GIVEN accents THEN the words survive (the tokenizer folds them)', () => {
    expect(buildFtsQuery('naïve café').terms).toEqual(['naïve', 'café']);
    const built = buildFtsQuery('nâive');
    expect(built.ok).toBe(true);
  });

  it('GIVEN random hostile strings THEN every query FTS5 receives is valid', () => {
    const alphabet = [
      '"',
      "'",
      '*',
      '^',
      ':',
      '-',
      '(',
      ')',
      '{',
      '}',
      ' ',
      'NEAR',
      'AND',
      'OR',
      'NOT',
      'a',
      'b',
      'é',
      '🤖',
      '+',
      '/',
      '\\',
      '\u0000',
    ];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 500; i++) {
      const text = Array.from(
        { length: 1 + Math.floor(next() * 20) },
        () => alphabet[Math.floor(next() * alphabet.length)],
      ).join('');
      const built = buildFtsQuery(text);
      if (built.ok) expect(() => runs(built.match), text).not.toThrow();
    }
  });
});

describe('multi-word expressions', () => {
  it('GIVEN "state of the art" (or state-of-the-art) THEN its words are not searched, and the same words elsewhere still are', () => {
    expect(
      buildFtsQuery('What is the state of the art for protein structure prediction?').terms,
    ).toEqual(['protein', 'structure', 'prediction']);
    expect(buildFtsQuery('state-of-the-art speech recognition').terms).toEqual([
      'speech',
      'recognition',
    ]);
    expect(buildFtsQuery('the state of an RNN and art generation').terms).toEqual([
      'state',
      'rnn',
      'art',
      'generation',
    ]);
  });

  it('GIVEN "in this paper" THEN none of it is searched', () => {
    expect(buildFtsQuery('in this paper: speculative decoding').terms).toEqual([
      'speculative',
      'decoding',
    ]);
  });

  it('GIVEN only a framing expression THEN it says the words are too common', () => {
    const built = buildFtsQuery('state of the art');
    expect(built.ok).toBe(false);
    if (!built.ok) expect(built.message).toMatch(/common words/);
  });

  it('GIVEN expressions that name one thing THEN the query carries them as typed, once each', () => {
    const built = buildFtsQuery('Large Language Models with chain-of-thought and reward models');
    expect(built.ok && built.expressions).toEqual([
      ['large', 'language', 'models'],
      ['chain', 'of', 'thought'],
      ['reward', 'models'],
    ]);
    const none = buildFtsQuery('models language large');
    expect(none.ok && none.expressions).toEqual([]);
  });
});
