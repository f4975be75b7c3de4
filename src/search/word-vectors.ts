import { readFileSync } from 'node:fs';

/**
 * A table of word vectors, unit length, stored as int8 (a value v is v / 127): the words
 * in one text file (one per line, in table order), their vectors in one binary file,
 * `dimensions` bytes each. See data/vectors/README.md for the bundled one.
 */
export interface VectorTable {
  readonly dimensions: number;
  readonly size: number;
  /** The row of a word, or undefined when the table does not have it. */
  indexOf(word: string): number | undefined;
  word(row: number): string;
  /** Cosine similarity of two rows. */
  cosine(a: number, b: number): number;
  /** The row's vector, as floats of unit length. */
  vector(row: number): Float32Array;
  /** The raw int8 rows (dimensions bytes each). */
  readonly data: Int8Array;
}

export class VectorTableError extends Error {}

export function loadVectorTable(
  wordsPath: string,
  vectorsPath: string,
  dimensions: number,
): VectorTable {
  const words = readFileSync(wordsPath, 'utf8').split('\n');
  if (words.at(-1) === '') words.pop();
  const bytes = readFileSync(vectorsPath);
  if (bytes.length !== words.length * dimensions) {
    throw new VectorTableError(
      `${vectorsPath}: ${bytes.length} bytes for ${words.length} words of ${dimensions} dimensions`,
    );
  }
  return vectorTable(
    words,
    new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length),
    dimensions,
  );
}

export function vectorTable(
  words: readonly string[],
  data: Int8Array,
  dimensions: number,
): VectorTable {
  const rows = new Map<string, number>();
  words.forEach((word, row) => {
    if (!rows.has(word)) rows.set(word, row);
  });
  const scale = 1 / (127 * 127);
  return {
    dimensions,
    size: words.length,
    data,
    indexOf: (word) => rows.get(word),
    word: (row) => words[row]!,
    cosine(a, b) {
      let dot = 0;
      const x = a * dimensions;
      const y = b * dimensions;
      for (let i = 0; i < dimensions; i++) dot += data[x + i]! * data[y + i]!;
      return dot * scale;
    },
    vector(row) {
      const out = new Float32Array(dimensions);
      for (let i = 0; i < dimensions; i++) out[i] = data[row * dimensions + i]! / 127;
      return out;
    },
  };
}

/** Quantizes a float vector to unit-length int8 (the table's storage). */
export function quantize(vector: ArrayLike<number>, out: Int8Array, at: number): void {
  let norm = 0;
  for (let i = 0; i < vector.length; i++) norm += vector[i]! * vector[i]!;
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < vector.length; i++) out[at + i] = Math.round((vector[i]! / norm) * 127);
}
