import { describe, expect, it } from 'vitest';
import { openLibraryAt } from '../../src/app/open-library.js';
import { bundledPaperVectorFiles } from '../../src/app/project-paths.js';
import { createPaperVectors } from '../../src/search/paper-vectors.js';
import { NOW } from '../support/library.js';

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
});
