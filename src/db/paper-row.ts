/** A row of the `papers` table, as SQLite returns it. */
export interface PaperRow {
  rowid: number;
  id: string;
  title: string;
  abstract: string;
  /** The abstract as its source wrote it, when normalising changed it (migration 10). */
  abstract_original: string | null;
  authors_count: number | null;
  organization: string | null;
  date_raw: string | null;
  published: string | null;
  date_year_inferred: number;
  upvotes: number | null;
  arxiv_id: string | null;
  added_at: string;
  updated_at: string;
}
