import { describe, expect, it } from 'vitest';
import { openLibraryAt } from '../../src/app/open-library.js';
import { bundledPaperVectorFiles } from '../../src/app/project-paths.js';
import { createPaperVectors } from '../../src/search/paper-vectors.js';
import { NOW, paper, tempDir } from '../support/library.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

describe('a library built from the bundled pages', () => {
  it('GIVEN first use THEN every bundled paper has its shipped vector (no embedding at start-up)', () => {
    const library = openLibraryAt(':memory:', { now: NOW });
    try {
      const vectors = createPaperVectors(library.db, bundledPaperVectorFiles().model);
      const papers = library.db.prepare('SELECT count(*) FROM papers').pluck().get() as number;
      expect(papers).toBe(251);
      expect(vectors.missing(1000)).toEqual([]);
    } finally {
      library.close();
    }
  });

  it('GIVEN vectors turned off THEN none is stored, and every paper is waiting for one', () => {
    const library = openLibraryAt(':memory:', { now: NOW, vectors: false });
    try {
      const vectors = createPaperVectors(library.db, bundledPaperVectorFiles().model);
      expect(vectors.missing(1000)).toHaveLength(251);
    } finally {
      library.close();
    }
  });

  it('GIVEN a library made before vectors existed THEN opening it stores the shipped ones', () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = join(dir, 'old.db');
      openLibraryAt(file, { now: NOW, vectors: false }).close();
      const library = openLibraryAt(file, { now: NOW });
      const vectors = createPaperVectors(library.db, bundledPaperVectorFiles().model);
      expect(vectors.missing(1000)).toEqual([]);
      library.close();
    } finally {
      cleanup();
    }
  });

  it('GIVEN a bundled paper whose abstract an ingest replaced THEN reopening the library does not bring back its shipped vector of the old text', () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = join(dir, 'lib.db');
      const library = openLibraryAt(file, { now: NOW });
      // The first paper of the shipped vectors' list, the one a reopened library looks at.
      const first = readFileSync(bundledPaperVectorFiles().ids, 'utf8').split('\n', 1)[0];
      const { title, abstract } = library.db
        .prepare('SELECT title, abstract FROM papers WHERE id = ?')
        .get(first) as { title: string; abstract: string };
      library.ingest([paper(title, `${abstract} A longer version of the abstract.`)], { now: NOW });
      library.close();
      const reopened = openLibraryAt(file, { now: NOW });
      const vectors = createPaperVectors(reopened.db, bundledPaperVectorFiles().model);
      expect(vectors.missing(1000).map((p) => p.title)).toEqual([title]);
      reopened.close();
    } finally {
      cleanup();
    }
  });
});
