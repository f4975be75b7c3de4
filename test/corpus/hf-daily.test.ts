import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchHfDaily } from '../../src/corpus/hf-daily.js';
import { openDatabase } from '../../src/db/open-database.js';
import { ingest, ingestPages, NOW, PAGES_DIR } from '../support/library.js';

// Recorded shape of GET /api/daily_papers?date=… (fields trimmed; unknown ones must be ignored).
const item = (id: string, title: string, extra: object = {}) => ({
  paper: {
    id,
    title,
    summary: `We study ${title.toLowerCase()}. Our method improves results on several benchmarks.`,
    authors: [
      { _id: 'a1', name: 'Ada Lovelace', hidden: false },
      { _id: 'a2', name: 'Alan Turing' },
    ],
    publishedAt: '2024-06-03T17:59:58.000Z',
    upvotes: 12,
    discussionId: 'x',
    ...extra,
  },
  publishedAt: '2024-06-04T00:00:00.000Z',
  title,
  numComments: 3,
  submittedBy: { name: 'someone' },
});

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  server = undefined;
});

async function serve(
  responses: ((path: string) => { status: number; body?: unknown; hang?: boolean })[],
) {
  const seen: string[] = [];
  server = createServer((req, res) => {
    seen.push(req.url ?? '');
    const r = responses[Math.min(seen.length - 1, responses.length - 1)]!(req.url ?? '');
    if (r.hang) return;
    res.writeHead(r.status, { 'content-type': 'application/json' });
    res.end(typeof r.body === 'string' ? r.body : JSON.stringify(r.body ?? {}));
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { baseUrl: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, seen };
}

describe('Hugging Face daily papers client', () => {
  it('GIVEN a day of papers THEN they become papers with arXiv ids, dates, authors and upvotes', async () => {
    const { baseUrl, seen } = await serve([
      () => ({ status: 200, body: [item('2406.01234', 'Scaling Things')] }),
    ]);
    const result = await fetchHfDaily({ baseUrl, date: '2024-06-04' });
    expect(seen).toEqual(['/api/daily_papers?date=2024-06-04']);
    expect(result.papers).toEqual([
      expect.objectContaining({
        title: 'Scaling Things',
        arxivId: '2406.01234',
        authorsCount: 2,
        upvotes: 12,
        published: '2024-06-03',
        dateRaw: 'Jun 3, 2024',
        source: 'hf-daily:2024-06-04',
      }),
    ]);
  });

  it('GIVEN a malformed item THEN it is skipped with a warning and the rest still come through', async () => {
    const { baseUrl } = await serve([
      () => ({
        status: 200,
        body: [
          item('1', 'Good One'),
          { paper: { id: '2', title: 42 } },
          { nope: true },
          item('3', 'Good Two'),
        ],
      }),
    ]);
    const result = await fetchHfDaily({ baseUrl, date: '2024-06-04' });
    expect(result.papers.map((p) => p.title)).toEqual(['Good One', 'Good Two']);
    expect(result.skipped.map((s) => s.line)).toEqual([2, 3]);
    expect(result.skipped[0]!.reason).toMatch(/^malformed item: paper\.title/);
  });

  it('GIVEN 5xx twice THEN it retries with backoff and succeeds', async () => {
    const { baseUrl, seen } = await serve([
      () => ({ status: 502 }),
      () => ({ status: 503 }),
      () => ({ status: 200, body: [item('1', 'Finally')] }),
    ]);
    const result = await fetchHfDaily({ baseUrl, date: '2024-06-04', backoffMs: 10 });
    expect(seen).toHaveLength(3);
    expect(result.papers).toHaveLength(1);
  });

  it('GIVEN a server that keeps failing or hangs THEN a clear error after the retries, not a hang', async () => {
    const failing = await serve([() => ({ status: 500 })]);
    await expect(
      fetchHfDaily({ baseUrl: failing.baseUrl, date: '2024-06-04', backoffMs: 5, retries: 2 }),
    ).rejects.toThrow(/answered 500, after 3 attempts/);
    expect(failing.seen).toHaveLength(3);
    await new Promise((r) => server!.close(r));
    const hanging = await serve([() => ({ status: 200, hang: true })]);
    await expect(
      fetchHfDaily({
        baseUrl: hanging.baseUrl,
        date: '2024-06-04',
        backoffMs: 5,
        retries: 1,
        timeoutMs: 200,
      }),
    ).rejects.toThrow(/did not answer within 200 ms, after 2 attempts/);
  });

  it('GIVEN a paper already in the library (same title) THEN it is updated with its arXiv id, not duplicated', async () => {
    const { db } = openDatabase(':memory:');
    ingestPages(db, [PAGES_DIR], { now: NOW });
    const { baseUrl } = await serve([
      () => ({
        status: 200,
        body: [
          item(
            '2406.04770',
            'WildBench: Benchmarking LLMs with Challenging Tasks from Real Users in the Wild',
            { upvotes: 30 },
          ),
        ],
      }),
    ]);
    const counts = ingest(db, (await fetchHfDaily({ baseUrl, date: '2024-06-04' })).papers, {
      now: NOW,
    });
    expect(counts).toMatchObject({ new: 0, updated: 1, total: 251 });
    expect(
      db.prepare("SELECT arxiv_id, upvotes FROM papers WHERE title LIKE 'WildBench:%'").get(),
    ).toEqual({ arxiv_id: '2406.04770', upvotes: 30 });
    // Same arXiv id, a retitled version: still the same paper.
    const retitled = ingest(
      db,
      [{ title: 'WildBench v2', abstract: 'x', arxivId: '2406.04770', source: 'hf' }],
      { now: NOW },
    );
    expect(retitled.total).toBe(251);
  });
});
