import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { openLibraryAt } from '../app/open-library.js';
import { bundledPaperVectorFiles } from '../app/project-paths.js';
import { createBundledEmbedder } from '../llm/embedder.js';
import { quantize } from '../search/word-vectors.js';

/**
 * `npm run vectors:pages`: the bundled encoder's vectors of the bundled pages' papers
 * (data/vectors/), so that a fresh clone searches by meaning from its first command without
 * embedding 251 abstracts first (about 20 s). Run by hand after the pages or the encoder
 * change; a test checks every bundled paper has one.
 */
const day = new Date('2025-11-22T00:00:00Z');
const library = openLibraryAt(':memory:', { now: day, referenceDate: day, vectors: false });
const papers = library.db
  .prepare<[], { id: string; title: string; abstract: string }>(
    'SELECT id, title, abstract FROM papers ORDER BY id',
  )
  .all();
const embedder = createBundledEmbedder();
const vectors: Float32Array[] = [];
for (let i = 0; i < papers.length; i += 8) {
  const batch = papers.slice(i, i + 8);
  vectors.push(...(await embedder.embed(batch.map((p) => `${p.title}. ${p.abstract}`))));
}
const dims = vectors[0]!.length;
const data = new Int8Array(vectors.length * dims);
vectors.forEach((v, i) => quantize(v, data, i * dims));
const files = bundledPaperVectorFiles();
mkdirSync(dirname(files.ids), { recursive: true });
writeFileSync(files.ids, `${papers.map((p) => p.id).join('\n')}\n`);
writeFileSync(files.vectors, data);
console.log(`${papers.length} papers, ${dims} dimensions (${embedder.name}), ${data.length} bytes`);
library.close();
