import type { Paper } from './paper.js';

/** The paper's arXiv page when its id is known, else an arXiv title search. */
export function paperLink(paper: Pick<Paper, 'arxivId' | 'title'>): string {
  return paper.arxivId
    ? `https://arxiv.org/abs/${encodeURIComponent(paper.arxivId)}`
    : `https://arxiv.org/search/?searchtype=title&query=${encodeURIComponent(paper.title)}`;
}
