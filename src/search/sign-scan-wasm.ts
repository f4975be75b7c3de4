/**
 * One WebAssembly function (SIMD, which every Node ≥ 16.4 runs): for `n` sign codes of
 * `chunks` × 16 bytes each, the weighted sign disagreement with a query,
 *   Σ_l 2^l · popcount((code ⊕ querySigns) ∧ plane_l)   (= Σ_i |q_i| where the signs differ),
 * one u32 per code, written at `out`. The query is its sign code followed by `planes` bit
 * planes of |q| (plane l: bit l of each |q_i|), all `chunks` × 16 bytes. Twenty lines of
 * WebAssembly, hand-assembled below; the plain JavaScript loop is ten times slower
 * (./README.md, "By meaning").
 *
 * (func (param $codes $n $chunks $query $planes $out i32)
 *   for each code: acc = 0
 *     for each chunk c: m = code[c] ⊕ query[c]
 *       for l in 0..planes: acc += extadd_pairwise_u(popcnt(m ∧ plane_l[c])) << l
 *     out[r] = sum of acc's lanes)
 */
const I32 = 0x7f;
const V128 = 0x7b;
// Parameters, then locals, by index.
const [CODES, N, CHUNKS, QUERY, PLANES, OUT] = [0, 1, 2, 3, 4, 5] as const;
const [END, C, L, QC, PL, M, ACC] = [6, 7, 8, 9, 10, 11, 12] as const;

const simd = (op: number) => [0xfd, ...uleb(op)];
const get = (i: number) => [0x20, i];
const set = (i: number) => [0x21, i];
const tee = (i: number) => [0x22, i];
const i32 = (v: number) => [0x41, ...sleb(v)];
const load = [...simd(0), 4, 0]; // v128.load, align 16, offset 0
const [ADD, SHL, LT_U, GE_U] = [0x6a, 0x74, 0x49, 0x4f];
const [BLOCK, LOOP, END_, BR, BR_IF, VOID] = [0x02, 0x03, 0x0b, 0x0c, 0x0d, 0x40];
const bump = (local: number, by: number) => [...get(local), ...i32(by), ADD, ...set(local)];
const lane = (i: number) => [...get(M), ...simd(27), i]; // i32x4.extract_lane

const body = [
  ...[2, 5, I32, 2, V128], // locals: end c l qc pl (i32), m acc (v128)
  ...[...get(OUT), ...get(N), ...i32(2), SHL, ADD, ...set(END)],
  ...[BLOCK, VOID, LOOP, VOID],
  ...[...get(OUT), ...get(END), GE_U, BR_IF, 1],
  ...[...simd(12), ...new Array<number>(16).fill(0), ...set(ACC)], // v128.const 0
  ...[...i32(0), ...set(C), ...get(QUERY), ...set(QC)],
  ...[LOOP, VOID],
  ...[...get(CODES), ...load, ...get(QC), ...load, ...simd(0x51), ...set(M)], // v128.xor
  ...[...i32(0), ...set(L), ...get(QC), ...set(PL)],
  ...[LOOP, VOID],
  ...[...get(PL), ...get(CHUNKS), ...i32(4), SHL, ADD, ...set(PL)],
  ...get(ACC),
  ...[...get(M), ...get(PL), ...load, ...simd(0x4e)], // v128.and
  ...[...simd(0x62), ...simd(0x7d)], // i8x16.popcnt, i16x8.extadd_pairwise_i8x16_u
  ...[...get(L), ...simd(0x8b), ...simd(0x8e), ...set(ACC)], // i16x8.shl, i16x8.add
  ...[...get(L), ...i32(1), ADD, ...tee(L), ...get(PLANES), LT_U, BR_IF, 0, END_],
  ...[...bump(CODES, 16), ...bump(QC, 16)],
  ...[...get(C), ...i32(1), ADD, ...tee(C), ...get(CHUNKS), LT_U, BR_IF, 0, END_],
  ...[...get(OUT), ...get(ACC), ...simd(0x7f), ...set(M)], // i32x4.extadd_pairwise_i16x8_u
  ...[...lane(0), ...lane(1), ADD, ...lane(2), ADD, ...lane(3), ADD],
  ...[0x36, 2, 0], // i32.store
  ...[...bump(OUT, 4), BR, 0, END_, END_, END_],
];

const section = (id: number, bytes: number[]) => [id, ...uleb(bytes.length), ...bytes];
const name = (text: string) => [text.length, ...[...text].map((ch) => ch.charCodeAt(0))];
const MODULE = Uint8Array.from([
  ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
  ...section(1, [1, 0x60, 6, ...new Array<number>(6).fill(I32), 0]),
  ...section(3, [1, 0]),
  ...section(5, [1, 0, 1]),
  ...section(7, [2, ...name('memory'), 2, 0, ...name('scan'), 0, 0]),
  ...section(10, [1, ...uleb(body.length), ...body]),
]);

/** The little of WebAssembly used here (the project's type libraries leave it out). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface Wasm {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
}

export interface SignScan {
  readonly memory: WasmMemory;
  /** Writes each code's weighted disagreement with the query at `out` (byte offsets). */
  scan(codes: number, n: number, chunks: number, query: number, planes: number, out: number): void;
}

export function createSignScan(): SignScan {
  const wasm = (globalThis as unknown as { WebAssembly: Wasm }).WebAssembly;
  const instance = new wasm.Instance(new wasm.Module(MODULE));
  const { memory, scan } = instance.exports as unknown as SignScan;
  return { memory, scan };
}

function uleb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

function sleb(value: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}
