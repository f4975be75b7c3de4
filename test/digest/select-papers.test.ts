import { beforeEach, describe, expect, it } from 'vitest';
import { createDigestStore } from '../../src/db/digest-store.js';
import { openDatabase, type Db } from '../../src/db/open-database.js';
import { selectDigestPapers, type SelectOptions } from '../../src/digest/select-papers.js';
import { ingest, paper } from '../support/library.js';

/** The one selection of a digest's papers, asked directly (run-digest.test.ts asks it through a post). */
const T0 = new Date('2026-03-10T06:00:00Z');
const at = (hours: number) => new Date(T0.getTime() + hours * 3600_000);
const A = 'We propose a method for this problem. It works on four benchmarks and beats prior work.';
const CHANNEL = '222222222222222222';
const OTHER = '333333333333333333';

let db: Db;
beforeEach(() => {
  ({ db } = openDatabase(':memory:'));
});

const select = (over: Partial<SelectOptions> = {}) =>
  selectDigestPapers(db, { channelId: CHANNEL, since: null, topic: null, count: 10, ...over });
const titles = (over: Partial<SelectOptions> = {}) => select(over).papers.map((p) => p.title);
const rowidOf = (title: string) =>
  db.prepare<[string], { rowid: number }>('SELECT rowid FROM papers WHERE title = ?').get(title)!
    .rowid;
const posted = (channelId: string, title: string) =>
  createDigestStore(db).finishRun(channelId, '2026-03-10', [rowidOf(title)], null, T0);

describe('which papers a digest gets', () => {
  it('GIVEN papers with and without upvotes THEN most upvoted first, a paper with 0 votes before one with none, ties newest first, then by title', () => {
    ingest(
      db,
      [
        paper('No Votes At All', `Zeta. ${A}`, { published: '2026-03-09' }),
        paper('Zero Votes', `Eta. ${A}`, { upvotes: 0, published: '2024-01-01' }),
        paper('Five Votes Older', `Theta. ${A}`, { upvotes: 5, published: '2026-03-01' }),
        paper('Five Votes Newer', `Iota. ${A}`, { upvotes: 5, published: '2026-03-08' }),
        paper('Five Votes Undated B', `Kappa. ${A}`, { upvotes: 5 }),
        paper('Five Votes Undated A', `Lambda. ${A}`, { upvotes: 5 }),
        paper('Forty Votes', `Mu. ${A}`, { upvotes: 40 }),
      ],
      { now: at(1) },
    );
    expect(titles()).toEqual([
      'Forty Votes',
      'Five Votes Newer',
      'Five Votes Older',
      'Five Votes Undated A',
      'Five Votes Undated B',
      'Zero Votes',
      'No Votes At All',
    ]);
  });

  it('GIVEN papers added before, at and after the instant THEN only those added after it are new', () => {
    ingest(db, [paper('Added Before', `Alpha. ${A}`)], { now: at(1) });
    ingest(db, [paper('Added At The Instant', `Beta. ${A}`)], { now: at(2) });
    ingest(db, [paper('Added After', `Gamma. ${A}`)], { now: at(3) });
    expect(titles({ since: at(2).toISOString() })).toEqual(['Added After']);
    expect(titles({ since: null }).sort()).toEqual([
      'Added After',
      'Added At The Instant',
      'Added Before',
    ]);
  });

  it('GIVEN a paper posted to another channel THEN this channel still gets it, and the terminal digest (no channel) does not', () => {
    ingest(
      db,
      [
        paper('Posted Elsewhere', `Alpha. ${A}`, { upvotes: 3 }),
        paper('Posted Here', `Beta. ${A}`, { upvotes: 2 }),
        paper('Never Posted', `Gamma. ${A}`, { upvotes: 1 }),
      ],
      { now: at(1) },
    );
    posted(OTHER, 'Posted Elsewhere');
    posted(CHANNEL, 'Posted Here');
    expect(titles()).toEqual(['Posted Elsewhere', 'Never Posted']);
    expect(titles({ channelId: OTHER })).toEqual(['Posted Here', 'Never Posted']);
    expect(titles({ channelId: null })).toEqual(['Never Posted']);
  });

  it('GIVEN more papers than the count THEN the first count are shown and exactly the rest are counted as more; GIVEN fewer THEN none more', () => {
    ingest(
      db,
      ['Alpha', 'Beta', 'Gamma', 'Delta', 'Epsilon'].map((w, i) =>
        paper(`Paper ${w}`, `${w}. ${A}`, { upvotes: 10 - i }),
      ),
      { now: at(1) },
    );
    const three = select({ count: 3 });
    expect(three.papers.map((p) => p.title)).toEqual(['Paper Alpha', 'Paper Beta', 'Paper Gamma']);
    expect(three.more).toBe(2);
    expect(select({ count: 5 }).more).toBe(0);
    const all = select({ count: 8 });
    expect(all.papers).toHaveLength(5);
    expect(all.more).toBe(0);
  });

  it('GIVEN a topic THEN only papers with every word of it are chosen, and "more" counts only those', () => {
    ingest(
      db,
      [
        paper('Long Context Heads', `Long context models use retrieval heads. ${A}`, {
          upvotes: 9,
        }),
        paper('Preference Optimization', `Preference optimization, no reward model. ${A}`, {
          upvotes: 8,
        }),
        paper('Long Context Attention', `Attention for long context inputs. ${A}`, { upvotes: 7 }),
        paper('Long Audio', `Long recordings of speech. ${A}`, { upvotes: 6 }),
        paper('Context Windows Measured', `Long context evaluation. ${A}`, { upvotes: 5 }),
      ],
      { now: at(1) },
    );
    const chosen = select({ topic: 'long context', count: 2 });
    expect(chosen.papers.map((p) => p.title)).toEqual([
      'Long Context Heads',
      'Long Context Attention',
    ]);
    expect(chosen.more).toBe(1);
    expect(titles({ topic: null })).toHaveLength(5);
  });

  it('GIVEN a paper THEN the digest gets its metadata as stored', () => {
    ingest(
      db,
      [
        paper('A Paper With Everything', `Alpha. ${A}`, {
          upvotes: 4,
          dateRaw: 'Mar 9, 2026',
          published: '2026-03-09',
          arxivId: '2603.01234',
        }),
      ],
      { now: at(1) },
    );
    expect(select().papers).toEqual([
      {
        rowid: rowidOf('A Paper With Everything'),
        id: expect.any(String) as string,
        title: 'A Paper With Everything',
        abstract: `Alpha. ${A}`,
        published: '2026-03-09',
        dateRaw: 'Mar 9, 2026',
        upvotes: 4,
        arxivId: '2603.01234',
      },
    ]);
  });
});
