/** One citation group: `[2]`, `[1, 3]`, `[1-2]`, `[2 and 4]`. */
const GROUP = String.raw`\[(\s*\d+(?:\s*(?:[,;–-]|and)\s*\d+)*\s*)\]`;
/** Adjacent groups are one run (`[6][2]`): removing part of a run keeps the space before it. */
const RUN = new RegExp(` ?(?:${GROUP})+`, 'g');
const TRAILING_RUN = new RegExp(`(?:${GROUP})+$`);

/**
 * Rewrites citations as the text streams: `[n]` naming a real source becomes its number
 * in order of first use (`[3] … [1]` → `[1] … [2]`), `[n]` naming no source is removed,
 * and `[1, 2]` / `[1-2]` groups are split into `[1][2]`. What streams is what the user
 * finally reads, so a streamed reply never shows numbers that later change.
 */
export class CitationRenumberer {
  /** Original source number → number shown, in order of first use. */
  readonly order = new Map<number, number>();
  private pending = '';

  constructor(private readonly valid: ReadonlySet<number>) {}

  /** Feeds a piece of model output; returns the text that is safe to show now. */
  push(delta: string): string {
    this.pending += delta;
    // Hold back a trailing "[" group that may still be completed by the next piece.
    // Also hold the space before it (and trailing spaces): a removed citation takes it along.
    const open = this.pending.lastIndexOf('[');
    let cut = this.pending.length;
    if (open >= 0 && !this.pending.includes(']', open) && this.pending.length - open <= 16)
      cut = open;
    // A run of citations at the end may go on in the next piece (`[6]` then `[2]`).
    const run = TRAILING_RUN.exec(this.pending.slice(0, cut));
    if (run) cut = run.index;
    while (cut > 0 && this.pending[cut - 1] === ' ') cut--;
    const ready = this.pending.slice(0, cut);
    const held = this.pending.slice(cut);
    this.pending = held;
    return this.rewrite(ready);
  }

  /** Flushes what is left at the end of the stream. */
  end(): string {
    const rest = this.rewrite(this.pending);
    this.pending = '';
    return rest;
  }

  /** Source numbers in the order they are cited. */
  cited(): number[] {
    return [...this.order.keys()];
  }

  private rewrite(text: string): string {
    return text.replace(RUN, (whole) => {
      const inners = [...whole.matchAll(new RegExp(GROUP, 'g'))].map((m) => m[1]!);
      const numbers = [...new Set(inners.flatMap(expand))].filter((n) => this.valid.has(n));
      if (numbers.length === 0) return '';
      const space = whole.startsWith(' ') ? ' ' : '';
      return space + numbers.map((n) => `[${this.number(n)}]`).join('');
    });
  }

  private number(original: number): number {
    let shown = this.order.get(original);
    if (shown === undefined) {
      shown = this.order.size + 1;
      this.order.set(original, shown);
    }
    return shown;
  }
}

function expand(inner: string): number[] {
  const out: number[] = [];
  for (const part of inner.split(/\s*(?:[,;]|and)\s*/)) {
    const range = /^(\d+)\s*[–-]\s*(\d+)$/.exec(part.trim());
    if (range) {
      const from = Number(range[1]);
      const to = Number(range[2]);
      for (let n = from; n <= to && n - from < 20; n++) out.push(n);
    } else if (/^\d+$/.test(part.trim())) {
      out.push(Number(part.trim()));
    }
  }
  return [...new Set(out)];
}

/** The whole text at once. */
export function renumberCitations(
  text: string,
  valid: ReadonlySet<number>,
): { text: string; cited: number[] } {
  const renumberer = new CitationRenumberer(valid);
  const out = renumberer.push(text) + renumberer.end();
  return { text: out, cited: renumberer.cited() };
}
