import { describe, expect, it } from 'vitest';
import { openLibraryAt } from '../../src/app/open-library.js';
import { paperLink } from '../../src/corpus/paper-link.js';
import { findPaper } from '../../src/search/find-paper.js';
import { NOW, ingest, paper } from '../support/library.js';

function library() {
  const lib = openLibraryAt(':memory:', { autoBuild: false });
  ingest(
    lib.db,
    [
      paper('Tree Attention for Long Contexts', 'We propose tree attention.', {
        arxivId: '2401.00001',
      }),
      paper('Reward Models Prefer Verbose Answers', 'We show reward models prefer long answers.'),
    ],
    { now: NOW },
  );
  return lib;
}

describe('findPaper by link', () => {
  it('GIVEN an arXiv page or PDF link, any version THEN the paper with that arXiv id', () => {
    const lib = library();
    for (const link of [
      'https://arxiv.org/abs/2401.00001',
      'https://arxiv.org/abs/2401.00001v2',
      'arxiv.org/pdf/2401.00001v1.pdf',
      'http://www.arxiv.org/abs/2401.00001/',
    ]) {
      const found = findPaper(lib.db, lib.search, link);
      expect(found.found && found.paper.title, link).toBe('Tree Attention for Long Contexts');
    }
  });

  it('GIVEN the title-search link paperbot gives a paper without an arXiv id THEN that paper', () => {
    const lib = library();
    const link = paperLink({ title: 'Reward Models Prefer Verbose Answers', arxivId: null });
    const found = findPaper(lib.db, lib.search, link);
    expect(found.found && found.paper.title).toBe('Reward Models Prefer Verbose Answers');
  });

  it('GIVEN a link to a paper the library lacks THEN not found, nothing thrown', () => {
    const lib = library();
    expect(findPaper(lib.db, lib.search, 'https://arxiv.org/abs/9999.99999')).toMatchObject({
      found: false,
    });
    expect(findPaper(lib.db, lib.search, 'https://arxiv.org/search/?query=')).toMatchObject({
      found: false,
    });
  });
});
