import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/open-database.js';
import { FTS_TOKENIZER, SNIPPET_TOKENS } from './schema.js';

const CACHE_LIMIT = 50_000;

export interface IndexTerms {
  /** The index terms FTS5 makes of one word (usually one; none or several for odd input). */
  of(word: string): string[];
  /** Term frequencies in each column of the given texts, as the index would count them. */
  count(
    docs: readonly { rowid: number; columns: readonly string[] }[],
    terms: readonly string[],
  ): Map<string, Map<number, number[]>>;
  /**
   * FTS5's snippet() of column `column` for each text that matches `match`, computed in
   * the scratch table: snippet() looks only at the row's own text, so this is what the
   * library's table gives, without seeking every query term in every one of its segments.
   */
  snippets(
    docs: readonly { rowid: number; columns: readonly string[] }[],
    match: string,
    column: number,
  ): Map<number, string>;
}

/**
 * Index terms computed by FTS5 itself, in an in-memory table with the same tokenizer
 * (temp schema, so the library file is never written): whatever Unicode or stemming
 * corner a word hits, the term is the one the index holds.
 */
export function createIndexTerms(db: Db, columns: readonly string[]): IndexTerms {
  db.exec(`
    CREATE VIRTUAL TABLE IF NOT EXISTS temp.paperbot_terms USING fts5(word, tokenize = '${FTS_TOKENIZER}');
    CREATE VIRTUAL TABLE IF NOT EXISTS temp.paperbot_terms_v USING fts5vocab(temp, paperbot_terms, 'instance');
    CREATE TABLE IF NOT EXISTS temp.paperbot_docs_text (rowid INTEGER PRIMARY KEY, ${columns.join(', ')});
    CREATE VIRTUAL TABLE IF NOT EXISTS temp.paperbot_docs USING fts5(
      ${columns.join(', ')}, content = 'paperbot_docs_text', content_rowid = 'rowid',
      tokenize = '${FTS_TOKENIZER}'
    );
    CREATE VIRTUAL TABLE IF NOT EXISTS temp.paperbot_docs_v USING fts5vocab(temp, paperbot_docs, 'instance');
  `);
  const addWord = db.prepare<[number, string]>(
    'INSERT INTO temp.paperbot_terms (rowid, word) VALUES (?, ?)',
  );
  const wordTerms = db
    .prepare<[], [number, string]>(
      'SELECT doc, term FROM temp.paperbot_terms_v ORDER BY doc, offset',
    )
    .raw();
  const clearWords = db.prepare('DELETE FROM temp.paperbot_terms');
  // The scratch documents' text is kept apart from their index (external content), so
  // that clearing them is 'delete-all' rather than tokenizing every text again.
  const values = `(rowid, ${columns.join(', ')}) VALUES (?${', ?'.repeat(columns.length)})`;
  const addText = db.prepare(`INSERT INTO temp.paperbot_docs_text ${values}`);
  const indexText = db.prepare(`INSERT INTO temp.paperbot_docs ${values}`);
  const addDoc = (doc: { rowid: number; columns: readonly string[] }) => {
    addText.run(doc.rowid, ...doc.columns);
    indexText.run(doc.rowid, ...doc.columns);
  };
  const docTerms = db
    .prepare<[string], [number, string]>('SELECT doc, col FROM temp.paperbot_docs_v WHERE term = ?')
    .raw();
  const clearIndex = db.prepare(
    `INSERT INTO temp.paperbot_docs (paperbot_docs) VALUES ('delete-all')`,
  );
  const clearText = db.prepare('DELETE FROM temp.paperbot_docs_text');
  const clearDocs = () => {
    clearIndex.run();
    clearText.run();
  };
  const snippetCache = new Map<number, Statement<[string], [number, string]>>();
  const snippetOf = (column: number) => {
    let statement = snippetCache.get(column);
    if (!statement) {
      statement = db
        .prepare<[string], [number, string]>(
          `SELECT rowid, snippet(paperbot_docs, ${column}, '**', '**', '…', ${SNIPPET_TOKENS})
             FROM temp.paperbot_docs WHERE paperbot_docs MATCH ?`,
        )
        .raw();
      snippetCache.set(column, statement);
    }
    return statement;
  };
  const cache = new Map<string, string[]>();

  return {
    of(word) {
      const cached = cache.get(word);
      if (cached) return cached;
      addWord.run(1, word);
      const terms = wordTerms.all().map(([, term]) => term);
      clearWords.run();
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(word, terms);
      return terms;
    },

    count(docs, terms) {
      const out = new Map<string, Map<number, number[]>>();
      try {
        for (const doc of docs) addDoc(doc);
        for (const term of terms) {
          const byDoc = new Map<number, number[]>();
          for (const [rowid, column] of docTerms.all(term)) {
            let counts = byDoc.get(rowid);
            if (!counts) byDoc.set(rowid, (counts = new Array<number>(columns.length).fill(0)));
            counts[columns.indexOf(column)]!++;
          }
          out.set(term, byDoc);
        }
      } finally {
        clearDocs();
      }
      return out;
    },

    snippets(docs, match, column) {
      if (!Number.isInteger(column) || column < 0 || column >= columns.length) {
        throw new Error(`no column ${column}`);
      }
      try {
        for (const doc of docs) addDoc(doc);
        return new Map(snippetOf(column).all(match));
      } finally {
        clearDocs();
      }
    },
  };
}
