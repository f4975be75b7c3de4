import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { citedDate, pageDate } from '../../src/corpus/paper.js';
import { pageReferenceDate, yearFromArxiv } from '../../src/corpus/parse-date.js';
import { ingest, ingestPages, NOW, PAGES_DIR, paper } from '../support/library.js';
import { useCleanups } from '../support/scratch.js';

const { memoryDb } = useCleanups();
const page = (name: string) => readFileSync(join(PAGES_DIR, name), 'utf8');

type DateRow = { published: string; date_raw: string; date_year_inferred: number };
const dateOf = (db: ReturnType<typeof memoryDb>, titleStart: string) =>
  db
    .prepare<[string], DateRow>(
      'SELECT published, date_raw, date_year_inferred FROM papers WHERE title LIKE ?',
    )
    .get(`${titleStart}%`)!;

describe("a page's own date, from what the page says", () => {
  it('GIVEN the page with dated papers THEN its day is its own "Nov 4" in the year after the latest year it writes (2024)', () => {
    expect(pageReferenceDate(page('002_9c3dae211aa2b8a9.txt'))?.toISOString().slice(0, 10)).toBe(
      '2025-11-04',
    );
  });

  it('GIVEN a page that writes no year THEN it says nothing (the clock decides)', () => {
    expect(pageReferenceDate(page('000_2b22f76d907bb47b.txt'))).toBeUndefined();
  });

  it('GIVEN years but no date of its own above the first abstract THEN the last day of the year after the latest', () => {
    const text = `A Title\n\n${'An abstract long enough to be prose. '.repeat(4)}\n\n  • 2 authors\n·\nMar 3, 2023\n`;
    expect(pageReferenceDate(text)?.toISOString().slice(0, 10)).toBe('2024-12-31');
  });
});

describe('years the pages do not write', () => {
  it('GIVEN a clock that says 2026 THEN the bundled pages\' "Jun 18" is still 2025, as the page implies, and marked inferred', () => {
    const db = memoryDb();
    ingestPages(db, [PAGES_DIR], { now: new Date('2026-12-05T10:00:00Z') });
    expect(dateOf(db, 'AutoRule:')).toEqual({
      published: '2025-06-18',
      date_raw: 'Jun 18',
      date_year_inferred: 1,
    });
    expect(dateOf(db, 'Length-Controlled AlpacaEval')).toMatchObject({
      published: '2024-04-05',
      date_year_inferred: 0,
    });
  });

  it('GIVEN a later ingest with another reference date THEN inferred years are revised, written ones never', () => {
    const db = memoryDb();
    ingestPages(db, [PAGES_DIR], { now: NOW });
    const revised = ingestPages(db, [PAGES_DIR], {
      now: NOW,
      referenceDate: new Date('2025-06-01T00:00:00Z'),
    });
    expect(revised.updated).toBeGreaterThan(0);
    expect(dateOf(db, 'AutoRule:').published).toBe('2024-06-18');
    expect(dateOf(db, 'Length-Controlled AlpacaEval').published).toBe('2024-04-05');
    // And back: the pages' own default applies again.
    ingestPages(db, [PAGES_DIR], { now: NOW });
    expect(dateOf(db, 'AutoRule:').published).toBe('2025-06-18');
    const again = ingestPages(db, [PAGES_DIR], { now: NOW });
    expect(again).toMatchObject({ new: 0, updated: 0 });
  });

  it('GIVEN an arXiv id THEN it decides an inferred year: the first such day from its submission month', () => {
    expect(yearFromArxiv('Jan 3', '2412.01234')).toBe('2025-01-03');
    expect(yearFromArxiv('Dec 20', '2412.01234')).toBe('2024-12-20');
    expect(yearFromArxiv('Dec 20, 2023', '2412.01234')).toBeUndefined();
    expect(yearFromArxiv('Jan 3', 'hep-th/9901001')).toBeUndefined();
  });

  it('GIVEN a paper whose year was inferred THEN a sighting with its arXiv id corrects the year, a written year stays', () => {
    const db = memoryDb();
    const abstract = 'We study a thing. It works well on several benchmarks.';
    ingest(
      db,
      [
        paper('Inferred Paper', abstract, {
          dateRaw: 'Jan 3',
          published: '2026-01-03',
          dateYearInferred: true,
        }),
        paper('Written Paper', abstract, {
          dateRaw: 'Jan 3, 2023',
          published: '2023-01-03',
          dateYearInferred: false,
        }),
      ],
      { now: NOW },
    );
    const counts = ingest(
      db,
      [
        paper('Inferred Paper', abstract, { arxivId: '2412.01234' }),
        paper('Written Paper', abstract, { arxivId: '2412.05678' }),
      ],
      { now: NOW },
    );
    expect(counts.updated).toBe(2);
    expect(dateOf(db, 'Inferred Paper')).toMatchObject({
      published: '2025-01-03',
      date_year_inferred: 1,
    });
    expect(dateOf(db, 'Written Paper')).toMatchObject({
      published: '2023-01-03',
      date_year_inferred: 0,
    });
  });

  it('GIVEN a cited date whose year was inferred THEN it is shown as such', () => {
    expect(citedDate('2025-06-18', true)).toBe('2025-06-18, year inferred');
    expect(citedDate('2024-04-05', false)).toBe('2024-04-05');
    expect(citedDate(null, true)).toBeNull();
  });

  it("GIVEN a paper's card THEN its date is the page's, with a year the page did not write said to be taken", () => {
    const date = (dateRaw: string | null, published: string | null, dateYearInferred: boolean) =>
      pageDate({ dateRaw, published, dateYearInferred });
    expect(date('Jun 18', '2025-06-18', true)).toBe('Jun 18 (year not on the page; taken as 2025)');
    expect(date('Apr 5, 2024', '2024-04-05', false)).toBe('Apr 5, 2024');
    expect(date(null, '2024-04-05', false)).toBe('2024-04-05');
    expect(date('Jun 18', null, true)).toBe('Jun 18');
    expect(date(null, null, false)).toBeUndefined();
  });
});
