import { fieldsFromRow, titleKey, type Paper } from '../corpus/paper.js';
import type { Db } from '../db/open-database.js';
import type { PaperRow } from '../db/paper-row.js';
import type { Search } from './search-papers.js';

export type PaperLookup =
  { found: true; paper: Paper } | { found: false; suggestions: { id: string; title: string }[] };

const ID_PATTERN = /^[0-9a-hjkmnp-tv-z]{8}(?:[0-9a-hjkmnp-tv-z]{5}){0,2}$/;

/**
 * Finds one paper from what a user typed: its id, its link, its exact title (any case or
 * punctuation), or the start of a title shared by no other paper. When nothing
 * matches, the nearest titles by search are offered instead.
 */
export function findPaper(db: Db, search: Search, text: string): PaperLookup {
  const wanted = text.trim();
  const byId = db.prepare<[string], PaperRow>('SELECT * FROM papers WHERE id = ?');
  const byKey = db.prepare<[string], PaperRow>('SELECT * FROM papers WHERE title_key = ?');
  const byPrefix = db.prepare<[string], PaperRow>(
    "SELECT * FROM papers WHERE title_key LIKE ? ESCAPE '\\' LIMIT 2",
  );
  const link = fromLink(wanted);
  if (link?.arxivId) {
    const row = db
      .prepare<[string], PaperRow>('SELECT * FROM papers WHERE arxiv_id = ? LIMIT 1')
      .get(link.arxivId);
    if (row) return { found: true, paper: toPaper(db, row) };
  }
  const named = link?.title ?? wanted;
  const lower = named.toLowerCase();
  const key = titleKey(named);
  let row = ID_PATTERN.test(lower) ? byId.get(lower) : undefined;
  row ??= key ? byKey.get(key) : undefined;
  if (!row && key.length >= 4) {
    const candidates = byPrefix.all(`${key.replace(/[\\%_]/g, '\\$&')}%`);
    if (candidates.length === 1) row = candidates[0];
  }
  if (row) return { found: true, paper: toPaper(db, row) };
  const suggestions = search
    .search(named, { limit: 5 })
    .hits.map((hit) => ({ id: hit.id, title: hit.title }));
  return { found: false, suggestions };
}

/**
 * What a paper's link names: an arXiv page or PDF (`arxiv.org/abs/2401.00001v2`) its arXiv
 * id, an arXiv title search (the link paperbot gives a paper without one) its title.
 */
function fromLink(text: string): { arxivId?: string; title?: string } | undefined {
  const page =
    /^(?:https?:\/\/)?(?:www\.)?arxiv\.org\/(?:abs|pdf)\/([^\s?#]+?)(?:v\d+)?(?:\.pdf)?\/?$/i.exec(
      text,
    );
  if (page) return { arxivId: page[1]! };
  if (!/^(?:https?:\/\/)?(?:www\.)?arxiv\.org\/search\//i.test(text)) return undefined;
  try {
    const query = new URL(text.includes('://') ? text : `https://${text}`).searchParams.get(
      'query',
    );
    return query ? { title: query } : undefined;
  } catch {
    return undefined;
  }
}

function toPaper(db: Db, row: PaperRow): Paper {
  const sources = db
    .prepare<[number], { source: string }>(
      'SELECT source FROM paper_sources WHERE paper_rowid = ? ORDER BY source',
    )
    .all(row.rowid)
    .map((r) => r.source);
  return {
    ...fieldsFromRow(row),
    id: row.id,
    addedAt: row.added_at,
    updatedAt: row.updated_at,
    sources,
  };
}

/** The most upvoted, then newest papers: what to offer before the user has typed anything. */
export function popularPapers(db: Db, limit: number): { id: string; title: string }[] {
  return db
    .prepare<[number], { id: string; title: string }>(
      'SELECT id, title FROM papers ORDER BY coalesce(upvotes, 0) DESC, added_at DESC, title LIMIT ?',
    )
    .all(limit);
}
