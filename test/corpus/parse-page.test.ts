import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { titleKey } from '../../src/corpus/paper.js';
import { parsePage } from '../../src/corpus/parse-page.js';

const PAGES = join(import.meta.dirname, '../../data/pages');
const reference = new Date('2025-11-22T00:00:00Z');
const parse = (text: string) => parsePage(text, { source: 'test.txt', referenceDate: reference });

const ABSTRACT_A =
  'We study how language models handle very long inputs. Our method compresses the context into a short memory and recovers the details when needed. Experiments on four benchmarks show large gains.';
const ABSTRACT_B =
  'Reward models prefer longer answers even when they are not better. We measure this bias on three datasets and propose a simple correction that removes most of it without hurting accuracy.';

describe('parsePage on the real pages', () => {
  const pages = readdirSync(PAGES)
    .filter((name) => name.endsWith('.txt'))
    .map((name) =>
      parsePage(readFileSync(join(PAGES, name), 'utf8'), {
        source: name,
        referenceDate: reference,
      }),
    );
  const papers = pages.flatMap((page) => page.papers);

  it('GIVEN the five pages THEN it reads 327 entries of 251 distinct papers and skips nothing', () => {
    expect(pages).toHaveLength(5);
    expect(papers).toHaveLength(327);
    expect(new Set(papers.map((p) => titleKey(p.title))).size).toBe(251);
    expect(pages.flatMap((page) => page.skipped)).toEqual([]);
  });

  it('GIVEN page chrome THEN none of it becomes a paper', () => {
    const chrome = ['new', 'Subscribe', 'Daily Papers', 'byAK and the research community'];
    for (const paper of papers) {
      expect(chrome).not.toContain(paper.title);
      expect(paper.title).not.toMatch(/^Get trending papers/);
      expect(paper.title).not.toMatch(/^[A-Z][a-z]{2} \d{1,2}$/);
      expect(paper.abstract.length).toBeGreaterThan(200);
    }
  });

  it('GIVEN an author block THEN the count, date and upvotes are read', () => {
    const inpo = papers.find((p) => p.title.startsWith('Iterative Nash Policy Optimization'));
    expect(inpo).toMatchObject({
      authorsCount: 9,
      dateRaw: 'Jun 30, 2024',
      published: '2024-06-30',
      dateYearInferred: false,
      upvotes: 1,
    });
  });

  it('GIVEN a date with no year THEN the raw text is kept and the year is inferred from the reference date', () => {
    const curriculum = papers.find((p) => p.title.startsWith('Train Long, Think Short'));
    expect(curriculum).toMatchObject({
      authorsCount: 6,
      dateRaw: 'Aug 12',
      published: '2025-08-12',
      dateYearInferred: true,
      upvotes: 2,
    });
  });

  it('GIVEN an organisation line before the dot THEN it is the organisation', () => {
    const orgs = papers.filter((p) => p.organization).map((p) => p.organization);
    expect(orgs.sort()).toEqual(['Deepmind', 'NVIDIA']);
  });
});

describe('parsePage on broken pages', () => {
  it('GIVEN CRLF line endings and stray whitespace THEN the papers are read the same', () => {
    const text = `new\r\n\r\n  Subscribe \r\n\r\n\tLong Memory for Language Models  \r\n \r\n${ABSTRACT_A}  \r\n\r\n  • 3 authors\r\n·\r\nApr 5, 2024 12\r\n`;
    const page = parse(text);
    expect(page.skipped).toEqual([]);
    expect(page.papers).toEqual([
      expect.objectContaining({
        title: 'Long Memory for Language Models',
        abstract: ABSTRACT_A,
        authorsCount: 3,
        published: '2024-04-05',
        upvotes: 12,
      }),
    ]);
  });

  it('GIVEN old Mac line endings (CR only) THEN the papers are read', () => {
    expect(parse(`Title One\r\r${ABSTRACT_A}\r`).papers).toHaveLength(1);
  });

  it('GIVEN an empty or blank page THEN it is skipped with a reason', () => {
    for (const text of ['', '   \n\n \t\n']) {
      const page = parse(text);
      expect(page.papers).toEqual([]);
      expect(page.skipped).toEqual([expect.objectContaining({ reason: 'empty page' })]);
    }
  });

  it('GIVEN a title with no abstract THEN that title is skipped and its neighbours are kept', () => {
    const page = parse(
      `First Paper\n\n${ABSTRACT_A}\n\nOrphan Title\n\nThird Paper\n\n${ABSTRACT_B}\n`,
    );
    expect(page.papers.map((p) => p.title)).toEqual(['First Paper', 'Third Paper']);
    expect(page.skipped).toEqual([
      expect.objectContaining({
        reason: 'title with no abstract',
        line: 5,
        excerpt: 'Orphan Title',
      }),
    ]);
  });

  it('GIVEN a page cut off in the middle of an abstract THEN the cut paper is skipped, the rest kept', () => {
    const cut = ABSTRACT_B.slice(0, 120);
    const page = parse(`First Paper\n\n${ABSTRACT_A}\n\nSecond Paper\n\n${cut}`);
    expect(page.papers.map((p) => p.title)).toEqual(['First Paper']);
    expect(page.skipped[0]?.reason).toMatch(/cut off at the end of the page/);
  });

  it('GIVEN a page cut off right after a title THEN the title is skipped with a reason', () => {
    const page = parse(`First Paper\n\n${ABSTRACT_A}\n\nSecond Paper`);
    expect(page.papers).toHaveLength(1);
    expect(page.skipped[0]?.reason).toMatch(/title with no abstract \(page ends here\)/);
  });

  it('GIVEN an abstract ending in a URL at the end of the page THEN it is not mistaken for a cut', () => {
    const page = parse(`A Paper\n\n${ABSTRACT_A} Code: https://github.com/example/repo`);
    expect(page.papers).toHaveLength(1);
  });

  it('GIVEN an abstract with no title THEN it is skipped', () => {
    const page = parse(`${ABSTRACT_A}\n\nA Paper\n\n${ABSTRACT_B}`);
    expect(page.papers.map((p) => p.title)).toEqual(['A Paper']);
    expect(page.skipped[0]?.reason).toBe('abstract with no title');
  });

  it('GIVEN binary content THEN the page is skipped, not parsed', () => {
    const page = parse(`A Paper\u0000\u0001\n\n${ABSTRACT_A}`);
    expect(page.papers).toEqual([]);
    expect(page.skipped[0]?.reason).toMatch(/binary/);
  });

  it('GIVEN an impossible date THEN the paper is kept with its raw date and a warning', () => {
    const page = parse(`A Paper\n\n${ABSTRACT_A}\n\n  • 2 authors\n·\nFeb 30, 2024\n`);
    expect(page.papers[0]).toMatchObject({ dateRaw: 'Feb 30, 2024', authorsCount: 2 });
    expect(page.papers[0]?.published).toBeUndefined();
    expect(page.warnings[0]?.reason).toMatch(/not a real day/);
  });

  it('GIVEN Feb 29 with no year THEN the latest leap year not after the reference is taken', () => {
    const page = parse(`A Paper\n\n${ABSTRACT_A}\n\n  • 2 authors\n·\nFeb 29\n`);
    expect(page.papers[0]).toMatchObject({ published: '2024-02-29', dateYearInferred: true });
  });

  it('GIVEN a date later in the year than the reference THEN it is taken from the year before', () => {
    const page = parse(`A Paper\n\n${ABSTRACT_A}\n\n  • 2 authors\n·\nDec 25 4\n`);
    expect(page.papers[0]).toMatchObject({
      dateRaw: 'Dec 25',
      published: '2024-12-25',
      upvotes: 4,
    });
  });
});
