import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One day's answer: a list of items, a status, a hang (never answers), or a raw body. */
export type HfDay = unknown[] | { status: number } | 'hang' | { raw: string };

/** An item as GET /api/daily_papers?date=… sends it (fields trimmed; unknown ones ignored). */
export function hfItem(id: string, title: string, extra: object = {}) {
  return {
    paper: {
      id,
      title,
      summary: `We study ${title.toLowerCase()}. Our method improves results on several benchmarks.`,
      authors: [{ _id: 'a1', name: 'Ada Lovelace' }],
      publishedAt: '2026-03-10T17:59:58.000Z',
      upvotes: 3,
      ...extra,
    },
    title,
    numComments: 0,
  };
}

/**
 * A local stand-in for the Hugging Face daily-papers API on 127.0.0.1: each day answers
 * what the test set (`[]` when unset), and every request is recorded.
 */
export async function startFakeHf(days: Map<string, HfDay> = new Map()) {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const day = url.searchParams.get('date') ?? '';
    requests.push(day);
    const answer = url.pathname === '/api/daily_papers' ? (days.get(day) ?? []) : { status: 404 };
    if (answer === 'hang') return;
    if (!Array.isArray(answer) && 'status' in answer) {
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end('{}');
      return;
    }
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(Array.isArray(answer) ? JSON.stringify(answer) : answer.raw);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    days,
    /** The days asked for, in order. */
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
