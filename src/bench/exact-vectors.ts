import type { Db } from '../db/open-database.js';
import { createPaperVectors, type PaperVectors } from '../search/paper-vectors.js';
import { quantize } from '../search/word-vectors.js';

/**
 * The reference for the search by meaning: every stored int8 vector held in memory and
 * scanned for each question (what `nearest` did before the sign codes), so the bench can say
 * how much of the exact 50 nearest the codes' shortlist finds and what that changes in
 * the fused top 10.
 */
export function createExactVectors(db: Db, model: string): PaperVectors {
  const rows = db
    .prepare<[string], [number, Buffer]>(
      'SELECT paper_rowid, vector FROM paper_vectors WHERE model = ? ORDER BY paper_rowid',
    )
    .raw()
    .all(model);
  const dims = rows[0]?.[1].length ?? 0;
  const data = new Int8Array(rows.length * dims);
  const rowids = Int32Array.from(rows, ([rowid]) => rowid);
  rows.forEach(([, v], i) => data.set(new Int8Array(v.buffer, v.byteOffset, dims), i * dims));
  const stored = createPaperVectors(db, model);
  return {
    model,
    put: (entries) => stored.put(entries),
    missing: (limit) => stored.missing(limit),
    heldBytes: () => data.byteLength + rowids.byteLength,
    nearest(query, k, also = []) {
      if (dims === 0 || query.length !== dims) return { top: [], cosines: new Map() };
      const q = new Int8Array(dims);
      quantize(query, q, 0);
      const scores = new Float64Array(rowids.length);
      const best: number[] = []; // the k best so far, best first (ties: lower rowid first)
      for (let r = 0; r < rowids.length; r++) {
        let dot = 0;
        for (let i = 0, at = r * dims; i < dims; i++, at++) dot += q[i]! * data[at]!;
        const score = (scores[r] = dot / (127 * 127));
        if (best.length === k && score <= scores[best[k - 1]!]!) continue;
        let at = best.length;
        while (at > 0 && scores[best[at - 1]!]! < score) at--;
        best.splice(at, 0, r);
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
