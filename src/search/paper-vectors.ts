import type { Db } from '../db/open-database.js';
import { quantize } from './word-vectors.js';

/** Papers' vectors for one embedding model, stored int8 (unit length) in the library. */
export interface PaperVectors {
  readonly model: string;
  /** Stores (or replaces) the vectors of these papers, in one transaction. */
  put(entries: readonly { rowid: number; vector: ArrayLike<number> }[]): void;
  /** Papers without a vector of this model (up to `limit`), oldest first. */
  missing(limit: number): { rowid: number; title: string; abstract: string }[];
  /**
   * The `k` papers most like `query` by cosine, best first, and the cosine of every paper in
   * `also` that has a vector.
   */
  nearest(
    query: ArrayLike<number>,
    k: number,
    also?: readonly number[],
  ): { top: { rowid: number; cosine: number }[]; cosines: Map<number, number> };
}

export function createPaperVectors(db: Db, model: string): PaperVectors {
  const upsert = db.prepare<[number, string, Buffer]>(
    'INSERT OR REPLACE INTO paper_vectors (paper_rowid, model, vector) VALUES (?, ?, ?)',
  );
  const missing = db.prepare<[string, number], { rowid: number; title: string; abstract: string }>(
    `SELECT p.rowid, p.title, p.abstract FROM papers p
      WHERE NOT EXISTS (SELECT 1 FROM paper_vectors v WHERE v.paper_rowid = p.rowid AND v.model = ?)
      ORDER BY p.rowid LIMIT ?`,
  );
  const all = db
    .prepare<[string], [number, Buffer]>(
      'SELECT paper_rowid, vector FROM paper_vectors WHERE model = ? ORDER BY paper_rowid',
    )
    .raw();
  const count = db
    .prepare<[string], number>('SELECT count(*) FROM paper_vectors WHERE model = ?')
    .pluck();
  // The matrix is read once and again only when the number of vectors changed.
  let loaded = { count: -1, rowids: new Int32Array(0), data: new Int8Array(0), dims: 0 };
  const matrix = () => {
    const n = count.get(model)!;
    if (n === loaded.count) return loaded;
    const rows = all.all(model);
    const dims = rows[0]?.[1].length ?? 0;
    const data = new Int8Array(rows.length * dims);
    const rowids = new Int32Array(rows.length);
    rows.forEach(([rowid, vector], i) => {
      rowids[i] = rowid;
      data.set(new Int8Array(vector.buffer, vector.byteOffset, dims), i * dims);
    });
    loaded = { count: n, rowids, data, dims };
    return loaded;
  };
  const store = db.transaction(
    (entries: readonly { rowid: number; vector: ArrayLike<number> }[]) => {
      for (const { rowid, vector } of entries) {
        const bytes = new Int8Array(vector.length);
        quantize(vector, bytes, 0);
        upsert.run(rowid, model, Buffer.from(bytes.buffer));
      }
    },
  );
  return {
    model,
    put: (entries) => store(entries),
    missing: (limit) => missing.all(model, limit),
    nearest(query, k, also = []) {
      const { rowids, data, dims } = matrix();
      if (dims === 0 || query.length !== dims) return { top: [], cosines: new Map() };
      const q = new Int8Array(dims);
      quantize(query, q, 0);
      const scores = new Float64Array(rowids.length);
      // The k best kept in order as they come (k is small): no sort of every paper.
      const best: number[] = [];
      for (let r = 0; r < rowids.length; r++) {
        let dot = 0;
        const at = r * dims;
        for (let i = 0; i < dims; i++) dot += q[i]! * data[at + i]!;
        const score = dot / (127 * 127);
        scores[r] = score;
        if (best.length === k && score <= scores[best[k - 1]!]!) continue;
        let at2 = best.length;
        while (at2 > 0 && scores[best[at2 - 1]!]! < score) at2--;
        best.splice(at2, 0, r);
        if (best.length > k) best.pop();
      }
      const top = best.map((i) => ({ rowid: rowids[i]!, cosine: scores[i]! }));
      const cosines = new Map(top.map((t) => [t.rowid, t.cosine]));
      const wanted = new Set(also);
      rowids.forEach((rowid, i) => {
        if (wanted.has(rowid)) cosines.set(rowid, scores[i]!);
      });
      return { top, cosines };
    },
  };
}
