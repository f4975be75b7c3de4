import { createSignScan, type SignScan } from './sign-scan-wasm.js';

/** The query's |value|s are scaled to this many bits (planes) for the scan. */
const QUERY_BITS = 3;
/**
 * The scan by signs puts forward this many times the shortlist for the second look (which
 * reads only memory; the shortlist is then read from SQLite): see ./README.md, "By meaning".
 */
export const WIDEN = 16;
const PAGE = 65_536;

/**
 * Two bits a dimension of every paper vector of one model, in rowid order: its signs (64
 * bytes a paper at 512 dimensions, in WebAssembly memory) and which of its values are
 * large (|value| above the vector's median; 64 bytes more). A shortlist takes two looks:
 * every paper's signs against the query's, each disagreement weighted by the query's
 * |value| there (the WebAssembly scan), then, for the best WIDEN × size of those, the dot
 * product with the paper's values read as ±1 / ±3. Exact scores come from the stored int8
 * vectors afterwards: see paper-vectors.ts and ./README.md.
 */
export class SignCodes {
  readonly dims: number;
  private readonly chunkBytes: number;
  private readonly wasm: SignScan;
  private rowids = new Int32Array(0);
  private large = new Uint8Array(0);
  private size = 0;
  private capacity = 0;

  constructor(dims: number) {
    this.dims = dims;
    this.chunkBytes = Math.ceil(dims / 128) * 16;
    this.wasm = createSignScan();
  }

  get count(): number {
    return this.size;
  }

  /** Bytes held: the codes, the rowids and the scan's output, at the current capacity. */
  get bytes(): number {
    return this.wasm.memory.buffer.byteLength + this.rowids.byteLength + this.large.byteLength;
  }

  /** Adds the codes of these vectors, or replaces those of rowids already held. */
  upsert(entries: readonly { rowid: number; vector: Int8Array }[]): void {
    const latest = new Map(entries.map((e) => [e.rowid, e.vector]));
    const added = [...latest]
      .map(([rowid, vector]) => ({ rowid, vector }))
      .filter((e) => e.vector.length === this.dims && !this.replace(e));
    if (added.length === 0) return;
    this.reserve(this.size + added.length);
    const last = this.size > 0 ? this.rowids[this.size - 1]! : -Infinity;
    let sorted = true;
    let previous = last;
    for (const entry of added) {
      sorted &&= entry.rowid > previous;
      previous = entry.rowid;
      this.rowids[this.size] = entry.rowid;
      this.write(entry.vector, this.size);
      this.size++;
    }
    if (!sorted) this.sortByRowid();
  }

  /** The `size` rowids the codes put forward for `query` (ties: lower rowid first). */
  shortlist(query: Int8Array, size: number, widen = WIDEN): number[] {
    if (this.size === 0 || query.length !== this.dims) return [];
    const wide = this.bySigns(query, size * widen);
    if (wide.length <= size) return wide.map((i) => this.rowids[i]!);
    // Σ q_i · s_i · (1 + 2 · large_i), from sums of q over the set bits of each code byte.
    const bytes = this.chunkBytes;
    const sums = new Int32Array(bytes * 256);
    for (let j = 0; j < bytes; j++) {
      for (let b = 1; b < 256; b++) {
        const low = 31 - Math.clz32(b & -b);
        sums[j * 256 + b] = sums[j * 256 + (b & (b - 1))]! + (query[j * 8 + low] ?? 0);
      }
    }
    const signs = new Uint8Array(this.wasm.memory.buffer, this.codesAt());
    const large = this.large;
    // Best first, ties to the lower index, as one number a code sorted natively: the score
    // is within ±3 · Σ|q| and the index below the count, so (span − score) · count + index
    // orders both at once (sorting 4,800 objects by a comparator cost more than scoring
    // them). It stays an exact integer: the codes fit in WebAssembly's 4 GB, so count × dims
    // < 2^35 and the key < 2 · 384 · dims · count < 2^45.
    let span = 1;
    for (let i = 0; i < query.length; i++) span += 3 * Math.abs(query[i]!);
    const count = this.size;
    const keys = new Float64Array(wide.length);
    for (let n = 0; n < wide.length; n++) {
      const i = wide[n]!;
      let score = 0;
      for (let j = 0, at = i * bytes, t = 0; j < bytes; j++, at++, t += 256) {
        const neg = signs[at]!;
        const big = large[at]!;
        score +=
          sums[t + (~neg & 255)]! -
          sums[t + neg]! +
          2 * (sums[t + (big & ~neg & 255)]! - sums[t + (big & neg)]!);
      }
      keys[n] = (span - score) * count + i;
    }
    keys.sort();
    const rowids = new Array<number>(size);
    for (let n = 0; n < size; n++) rowids[n] = this.rowids[keys[n]! % count]!;
    return rowids;
  }

  /** The indexes of the `size` codes whose signs agree best with the query's, in order. */
  private bySigns(query: Int8Array, size: number): number[] {
    let max = 0;
    for (let i = 0; i < query.length; i++) max = Math.max(max, Math.abs(query[i]!));
    const scale = max === 0 ? 0 : (2 ** QUERY_BITS - 1) / max;
    const levels = Int8Array.from(query, (v) => Math.round(Math.abs(v) * scale));
    const bytes = new Uint8Array(this.wasm.memory.buffer);
    bytes.fill(0, 0, this.chunkBytes * (QUERY_BITS + 1));
    this.encode(query, 0);
    for (let i = 0; i < query.length; i++) {
      for (let l = 0; l < QUERY_BITS; l++) {
        if ((levels[i]! >> l) & 1) bytes[this.chunkBytes * (1 + l) + (i >> 3)]! |= 1 << (i & 7);
      }
    }
    const out = this.outAt();
    this.wasm.scan(this.codesAt(), this.size, this.chunkBytes / 16, 0, QUERY_BITS, out);
    const distances = new Uint32Array(this.wasm.memory.buffer, out, this.size);
    // A counting pass finds the distance that lets `size` codes in; one more collects them.
    const histogram = new Uint32Array((2 ** QUERY_BITS - 1) * this.dims + 1);
    for (let r = 0; r < this.size; r++) histogram[distances[r]!]!++;
    let threshold = 0;
    for (let seen = 0; threshold < histogram.length; threshold++) {
      seen += histogram[threshold]!;
      if (seen >= size) break;
    }
    const below: number[] = [];
    const at: number[] = [];
    for (let r = 0; r < this.size; r++) {
      const d = distances[r]!;
      if (d < threshold) below.push(r);
      else if (d === threshold && below.length + at.length < size) at.push(r);
    }
    return [...below, ...at].slice(0, size);
  }

  private replace(entry: { rowid: number; vector: Int8Array }): boolean {
    let lo = 0;
    let hi = this.size - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const rowid = this.rowids[mid]!;
      if (rowid === entry.rowid) {
        this.write(entry.vector, mid);
        return true;
      }
      if (rowid < entry.rowid) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  /** A paper's codes in slot `slot`, in place of whatever it held (the scan's output, once). */
  private write(vector: Int8Array, slot: number): void {
    const at = this.codesAt() + slot * this.chunkBytes;
    new Uint8Array(this.wasm.memory.buffer).fill(0, at, at + this.chunkBytes);
    this.encode(vector, at);
    const counts = new Uint16Array(129);
    for (let i = 0; i < vector.length; i++) counts[Math.abs(vector[i]!)]!++;
    let median = 0;
    for (let seen = counts[0]!; seen <= vector.length >> 1;) seen += counts[++median]!;
    const from = slot * this.chunkBytes;
    this.large.fill(0, from, from + this.chunkBytes);
    for (let i = 0; i < vector.length; i++) {
      if (Math.abs(vector[i]!) > median) this.large[from + (i >> 3)]! |= 1 << (i & 7);
    }
  }

  /** Bit i of the code is set when value i is negative. */
  private encode(vector: Int8Array, at: number): void {
    const bytes = new Uint8Array(this.wasm.memory.buffer);
    for (let i = 0; i < vector.length; i++) {
      if (vector[i]! < 0) bytes[at + (i >> 3)]! |= 1 << (i & 7);
    }
  }

  // Memory: the query (signs and planes), the codes, then the scan's output (one u32 a code).
  private codesAt(): number {
    return this.chunkBytes * (QUERY_BITS + 1);
  }

  private outAt(): number {
    return this.codesAt() + this.capacity * this.chunkBytes;
  }

  private reserve(needed: number): void {
    if (needed <= this.capacity) return;
    const capacity = Math.max(needed, Math.ceil(this.capacity * 1.5), 1024);
    const bytes = this.codesAt() + capacity * (this.chunkBytes + 4);
    const have = this.wasm.memory.buffer.byteLength;
    if (bytes > have) this.wasm.memory.grow(Math.ceil((bytes - have) / PAGE));
    const rowids = new Int32Array(capacity);
    rowids.set(this.rowids.subarray(0, this.size));
    this.rowids = rowids;
    const large = new Uint8Array(capacity * this.chunkBytes);
    large.set(this.large.subarray(0, this.size * this.chunkBytes));
    this.large = large;
    this.capacity = capacity;
  }

  private sortByRowid(): void {
    const order = Array.from({ length: this.size }, (_, i) => i).sort(
      (a, b) => this.rowids[a]! - this.rowids[b]!,
    );
    const bytes = new Uint8Array(this.wasm.memory.buffer);
    const from = this.codesAt();
    const codes = bytes.slice(from, from + this.size * this.chunkBytes);
    const large = this.large.slice(0, this.size * this.chunkBytes);
    const rowids = this.rowids.slice(0, this.size);
    const width = this.chunkBytes;
    order.forEach((old, i) => {
      this.rowids[i] = rowids[old]!;
      bytes.set(codes.subarray(old * width, (old + 1) * width), from + i * width);
      this.large.set(large.subarray(old * width, (old + 1) * width), i * width);
    });
  }
}
