import { z } from 'zod';
import type { ParsedPaper } from './paper.js';
import type { SkippedEntry } from './parse-page.js';

/** Only the fields we use; anything else the API adds is ignored. */
const Item = z
  .object({
    paper: z
      .object({
        id: z.string().min(1),
        title: z.string().trim().min(1),
        summary: z.string().trim().min(1),
        authors: z.array(z.object({ name: z.string() }).loose()).optional(),
        publishedAt: z.string().optional(),
        upvotes: z.number().int().nonnegative().optional(),
      })
      .loose(),
  })
  .loose();

export interface HfDailyOptions {
  baseUrl: string;
  /** yyyy-mm-dd */
  date: string;
  fetch?: typeof fetch;
  /** Per attempt. */
  timeoutMs?: number;
  /** Retries after the first attempt, on 5xx, 429 and network errors or timeouts. */
  retries?: number;
  backoffMs?: number;
  /** Stops the fetch (and its retries) at once: the bot is shutting down. */
  signal?: AbortSignal;
  /** Before each retry: what went wrong, the attempt about to start, and the wait before it. */
  onRetry?: (retry: { problem: string; attempt: number; of: number; waitMs: number }) => void;
}

export interface HfDailyResult {
  papers: ParsedPaper[];
  skipped: SkippedEntry[];
}

/** The daily-papers API failed after its retries; the message says how. */
export class HfDailyError extends Error {}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * One day of Hugging Face daily papers, as ParsedPapers carrying their arXiv id.
 * A malformed item is skipped with a warning; the rest still come through.
 */
export async function fetchHfDaily(options: HfDailyOptions): Promise<HfDailyResult> {
  const url = new URL('/api/daily_papers', options.baseUrl);
  url.searchParams.set('date', options.date);
  const body = await fetchJsonWithRetry(url, options);
  const source = `hf-daily:${options.date}`;
  if (!Array.isArray(body))
    throw new HfDailyError(`${url.origin} sent something other than a list of papers`);
  const papers: ParsedPaper[] = [];
  const skipped: SkippedEntry[] = [];
  body.forEach((raw, index) => {
    const parsed = Item.safeParse(raw);
    if (!parsed.success) {
      const where = parsed.error.issues[0];
      skipped.push({
        source,
        line: index + 1,
        reason: `malformed item: ${where?.path.join('.') || 'item'} ${where?.message ?? ''}`.trim(),
        excerpt: '',
      });
      return;
    }
    const p = parsed.data.paper;
    const paper: ParsedPaper = {
      title: p.title.replace(/\s+/g, ' '),
      abstract: p.summary.replace(/\s+/g, ' '),
      arxivId: p.id,
      source,
    };
    if (p.authors) paper.authorsCount = p.authors.length;
    if (p.upvotes !== undefined) paper.upvotes = p.upvotes;
    const published =
      p.publishedAt && /^\d{4}-\d{2}-\d{2}/.test(p.publishedAt)
        ? p.publishedAt.slice(0, 10)
        : undefined;
    if (published) {
      const [y, m, d] = published.split('-').map(Number);
      paper.published = published;
      paper.dateRaw = `${MONTHS[m! - 1]} ${d}, ${y}`;
      paper.dateYearInferred = false;
    }
    papers.push(paper);
  });
  return { papers, skipped };
}

async function fetchJsonWithRetry(url: URL, options: HfDailyOptions): Promise<unknown> {
  const doFetch = options.fetch ?? fetch;
  const retries = options.retries ?? 3;
  const timeoutMs = options.timeoutMs ?? 15_000;
  let lastProblem = '';
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (attempt > 0) {
      const waitMs = (options.backoffMs ?? 500) * 2 ** (attempt - 1);
      options.onRetry?.({ problem: lastProblem, attempt: attempt + 1, of: retries + 1, waitMs });
      await new Promise((r) => setTimeout(r, waitMs));
    }
    if (options.signal?.aborted) throw new HfDailyError(`the fetch from ${url.origin} was stopped`);
    const timeout = AbortSignal.timeout(timeoutMs);
    try {
      const response = await doFetch(url, {
        signal: options.signal ? AbortSignal.any([timeout, options.signal]) : timeout,
        headers: { accept: 'application/json' },
      });
      if (response.status >= 500 || response.status === 429) {
        lastProblem = `answered ${response.status}`;
        await response.body?.cancel();
        continue;
      }
      if (!response.ok)
        throw new HfDailyError(
          `${url.origin} answered ${response.status} for ${url.pathname}${url.search}`,
        );
      try {
        return await response.json();
      } catch {
        throw new HfDailyError(`${url.origin} sent a body that is not JSON`);
      }
    } catch (error) {
      if (error instanceof HfDailyError) throw error;
      if (options.signal?.aborted)
        throw new HfDailyError(`the fetch from ${url.origin} was stopped`);
      lastProblem =
        error instanceof Error && error.name === 'TimeoutError'
          ? `did not answer within ${timeoutMs} ms`
          : `could not be reached (${(error as Error).message})`;
    }
  }
  throw new HfDailyError(`${url.origin} ${lastProblem}, after ${retries + 1} attempts`);
}
