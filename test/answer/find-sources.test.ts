import { beforeAll, describe, expect, it } from 'vitest';
import {
  findSources,
  MAX_FRESH,
  NEW_TOPIC_EVIDENCE,
  type SourceDeps,
} from '../../src/answer/find-sources.js';
import { openDatabase } from '../../src/db/open-database.js';
import type { Relevance, TermCoverage } from '../../src/search/relevance.js';
import { createRelevance } from '../../src/search/relevance.js';
import { createSearch, type Search, type SearchHit } from '../../src/search/search-papers.js';
import { ingestPages, NOW, PAGES_DIR } from '../support/library.js';

const FIRST = 'Which papers speed up speculative decoding?';
let search: Search;
let relevance: Relevance;
let cited: SearchHit[];
let medusa: SearchHit[];
beforeAll(() => {
  const { db } = openDatabase(':memory:');
  ingestPages(db, [PAGES_DIR], { now: NOW });
  search = createSearch(db);
  relevance = createRelevance(db);
  cited = search.search(FIRST, { limit: 5 }).hits;
  const ids = new Set(cited.map((h) => h.id));
  medusa = search.search('Medusa decoding heads', { limit: 10 }).hits.filter((h) => !ids.has(h.id));
});
const history = () => [
  { question: FIRST, answer: 'a [1][2][3][4][5]', cited: cited.map((h) => h.id) },
];
const idsOf = (found: Awaited<ReturnType<typeof findSources>>) =>
  found.kind === 'sources' ? found.hits.map((h) => h.id) : found;

/** Relevance as given, by paper: its share of the question, its evidence, the terms it has. */
function relevanceBy(
  of: (hit: SearchHit | undefined, terms: readonly string[]) => Partial<TermCoverage>,
): Relevance {
  const byRowid = (rowid: number) => [...cited, ...medusa].find((h) => h.rowid === rowid);
  return {
    cover: (terms, rowids) =>
      new Map(
        rowids.map((r) => [r, { coverage: 0, evidence: 0, matched: [], ...of(byRowid(r), terms) }]),
      ),
    unmatched: () => [],
  };
}

describe('findSources: a follow-up naming a paper the previous answer did not have', () => {
  it('GIVEN an answer that cited one paper and "[2] …" THEN the message says it cited one paper, [1]', async () => {
    const found = await findSources(
      { search, relevance },
      '[2] what data set?',
      [{ question: FIRST, answer: 'a [1]', cited: [cited[0]!.id] }],
      5,
    );
    expect(found).toEqual({
      kind: 'rejected',
      message: 'There is no paper 2 in the previous answer: it cited one paper, [1].',
    });
  });
});

describe('findSources: the papers a follow-up refers to', () => {
  it('GIVEN "what about the second one?" (nothing to look for inside it) THEN that paper, and the reference', async () => {
    const found = await findSources(
      { search, relevance },
      'What about the second one?',
      history(),
      5,
    );
    expect(found).toMatchObject({
      kind: 'sources',
      reference: { kind: 'ordinal', ids: [cited[1]!.id] },
    });
    expect(idsOf(found)).toEqual([cited[1]!.id]);
  });

  it('GIVEN "they" and papers sharing more or less of the question THEN those at a third of the best share or more, most first', async () => {
    const shares = [0.3, 0.9, 0.29, 0.6, 0];
    const byShare = relevanceBy((hit, terms) => ({
      coverage: shares[cited.indexOf(hit!)] ?? 0,
      matched: [...terms],
    }));
    const found = await findSources(
      { search, relevance: byShare },
      'How much do they speed up decoding?',
      history(),
      5,
    );
    expect(idsOf(found)).toEqual([cited[1]!.id, cited[3]!.id, cited[0]!.id]);
  });

  it('GIVEN words the referred papers lack THEN the retriever is asked for the question without the pointing words, and one fresh paper on them joins (not the referred one again)', async () => {
    const asked: [string, number][] = [];
    const fresh = [cited[0]!, ...medusa];
    const retrieve = (query: string, limit: number) => {
      asked.push([query, limit]);
      return Promise.resolve({ query, terms: [], hits: fresh });
    };
    // The referred paper covers none of the words; of the fresh ones, the first is that
    // paper again, the next shares a little too little, the third just enough.
    const evidence = [9, NEW_TOPIC_EVIDENCE - 0.01, NEW_TOPIC_EVIDENCE, 5];
    const deps: SourceDeps = {
      search,
      retrieve,
      relevance: relevanceBy((hit, terms) => ({
        coverage: hit === cited[0] ? 0.5 : 0,
        evidence: evidence[fresh.indexOf(hit!)] ?? 0,
        matched: hit === cited[0] ? [] : [...terms],
      })),
    };
    // (In lower case: a capitalised name counts as brought only by a title that has it.)
    const found = await findSources(
      deps,
      'How does it compare with medusa decoding heads?',
      history(),
      4,
    );
    expect(asked).toEqual([['How does compare with medusa decoding heads?', 4]]);
    expect(idsOf(found)).toEqual([cited[0]!.id, fresh[2]!.id]);
  });

  it('GIVEN a comparison with several things the referred papers lack THEN one fresh paper joins for each, up to MAX_FRESH, none for a thing already brought', async () => {
    // Fresh hits by rank: two on Medusa, one on EAGLE, one on Hydra, one on Kangaroo.
    const on = ['medusa', 'medusa', 'eagle', 'hydra', 'kangaroo'];
    const fresh = medusa.slice(0, on.length);
    const retrieve = (query: string) => Promise.resolve({ query, terms: [], hits: fresh });
    const relevance = relevanceBy((hit, terms) => {
      const i = fresh.indexOf(hit!);
      const matched = terms.filter((t) => t === on[i]);
      return { coverage: hit === cited[0] ? 0.5 : 0, evidence: 2 * matched.length, matched };
    });
    const ask = (question: string) =>
      findSources({ search, retrieve, relevance }, question, history(), 5);
    expect(idsOf(await ask('How does it compare with Medusa and EAGLE?'))).toEqual([
      cited[0]!.id,
      fresh[0]!.id,
      fresh[2]!.id,
    ]);
    expect(idsOf(await ask('How does it compare with Medusa?'))).toEqual([
      cited[0]!.id,
      fresh[0]!.id,
    ]);
    expect(MAX_FRESH).toBe(3);
    expect(idsOf(await ask('How does it compare with Kangaroo, Hydra, EAGLE and Medusa?'))).toEqual(
      [cited[0]!.id, ...[0, 2, 3].map((i) => fresh[i]!.id)],
    );
  });

  it('GIVEN "which <kind>…" and one of the referred papers naming part of the kind THEN it is answered from that paper, not "they never say"', async () => {
    // Only the first paper has "metric"; none has "evaluation".
    const metricOnly = relevanceBy((hit, terms) => {
      const matched = hit === cited[0] ? terms.filter((t) => t === 'metric') : [];
      return { coverage: matched.length / Math.max(terms.length, 1), evidence: 1, matched };
    });
    const none = () => Promise.resolve({ query: '', terms: [], hits: [] });
    const found = await findSources(
      { search, retrieve: none, relevance: metricOnly },
      'Which evaluation metric do they report?',
      history(),
      5,
    );
    expect(idsOf(found)).toEqual([cited[0]!.id]);
    // No paper naming any of it: they never say.
    const found2 = await findSources(
      { search, retrieve: none, relevance: metricOnly },
      'Which evaluation protocol do they report?',
      history(),
      5,
    );
    expect(found2).toMatchObject({ kind: 'not_found', silent: true });
  });

  it('GIVEN the ways "what/which <kind>" is written THEN the kind is read only at the start, up to its verb, to the last word', async () => {
    // No paper has "guarantees", "topic" or "dataset"; every paper has every other word.
    const absent = new Set(['guarantees', 'topic', 'dataset', 'off']);
    const some = relevanceBy((_, terms) => {
      const matched = terms.filter((t) => !absent.has(t));
      return { coverage: matched.length / Math.max(terms.length, 1), evidence: 1, matched };
    });
    const none = () => Promise.resolve({ query: '', terms: [], hits: [] });
    const kindOf = async (question: string) =>
      (await findSources({ search, retrieve: none, relevance: some }, question, history(), 5)).kind;
    // Asked for a kind no paper names: they never say.
    expect(await kindOf('Which dataset, for the second one?')).toBe('not_found');
    expect(await kindOf('What guarantees do they give?')).toBe('not_found');
    // Not a kind: "what" later in the question, or inside another word.
    expect(await kindOf('How fast are they, and what guarantees hold?')).toBe('sources');
    expect(await kindOf('Somewhat off topic: how fast are they?')).toBe('sources');
  });

  it('GIVEN words the referred papers lack and no retriever THEN the fresh search keeps to the limit', async () => {
    const question = 'How does it compare with Medusa decoding heads?';
    const top = search.search('How does compare with Medusa decoding heads?', { limit: 10 }).hits;
    // "it": the first paper the previous answer cited.
    const known = new Set([cited[0]!.id]);
    // The fresh search's first hit shares too little; the rest enough.
    const deps: SourceDeps = {
      search,
      relevance: relevanceBy((hit) => ({
        coverage: hit === cited[0] ? 0.5 : 0,
        evidence: hit?.id === top[0]!.id ? 0 : 9,
      })),
    };
    expect(known.has(top[0]!.id)).toBe(false);
    expect(idsOf(await findSources(deps, question, history(), 1))).toEqual([cited[0]!.id]);
    const next = top.slice(1).find((h) => !known.has(h.id))!;
    const within = top.indexOf(next) + 1;
    expect(idsOf(await findSources(deps, question, history(), within))).toEqual([
      cited[0]!.id,
      next.id,
    ]);
  });

  it('GIVEN the referred papers hold every word of the question THEN nothing fresh is searched for', async () => {
    const asked: string[] = [];
    const retrieve = (query: string) => {
      asked.push(query);
      return Promise.resolve({ query, terms: [], hits: [] });
    };
    const all = relevanceBy((_, terms) => ({ coverage: 1, matched: [...terms] }));
    const found = await findSources(
      { search, retrieve, relevance: all },
      'How much do they speed up decoding?',
      history(),
      5,
    );
    expect(asked).toEqual([]);
    expect(idsOf(found)).toEqual(cited.map((h) => h.id));
  });
});

describe('findSources: a question of its own', () => {
  it('GIVEN no previous answer and "[2] …" THEN it is searched as asked, not refused for a paper the answer never had', async () => {
    const found = await findSources(
      { search, relevance },
      '[2] speculative decoding draft?',
      [],
      5,
    );
    expect(found.kind).toBe('sources');
  });

  it('GIVEN no previous turn and words that would point back THEN it is searched as asked', async () => {
    const asked: string[] = [];
    const retrieve = (query: string, limit: number) => {
      asked.push(query);
      return Promise.resolve(search.search(query, { limit }));
    };
    await findSources({ search, retrieve, relevance }, 'How do they draft tokens?', [], 5);
    expect(asked).toEqual(['How do they draft tokens?']);
  });
});
