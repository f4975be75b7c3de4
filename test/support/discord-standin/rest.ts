import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Gateway } from './gateway.js';
import { parseJson } from './gateway.js';
import { channelRoutes } from './channels.js';
import { interactionRoutes } from './interactions.js';
import { notFound, ok, type FileInfo, type Reply } from './limits.js';
import type { RestCall } from './types.js';
import type { World } from './world.js';

/** One REST route: method, path pattern (after /api/v10), and its handler. */
export type Route = [string, RegExp, (call: RestCall, a: string, b: string, c: string) => Reply];

const API_PREFIX = '/api/v10';

export interface Rest {
  /** Every REST call the bot made, in order of arrival, rejected ones included. */
  calls: RestCall[];
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  waitForCall(predicate: (call: RestCall) => boolean, timeoutMs?: number): Promise<RestCall>;
}

/** The stand-in's REST API: routes a call, records it, answers as Discord would. */
export function createRest(
  world: World,
  gateway: Gateway,
  options: {
    port: number;
    ackDeadlineMs: number;
    recommendedShards: number;
    maxConcurrency: number;
  },
): Rest {
  const { started } = world;
  const calls: RestCall[] = [];
  const waiters = new Set<(call: RestCall) => void>();
  const routes: Route[] = [
    [
      'GET',
      /^\/gateway(?:\/bot)?$/,
      () =>
        ok({
          url: `ws://127.0.0.1:${options.port}`,
          shards: options.recommendedShards,
          session_start_limit: {
            total: 1000,
            remaining: 1000,
            reset_after: 0,
            max_concurrency: options.maxConcurrency,
          },
        }),
    ],
    // The commands registered: what the last accepted PUT to the same route set.
    [
      'GET',
      /^\/applications\/\d+(?:\/guilds\/\d+)?\/commands$/,
      (call) =>
        ok(
          calls.findLast((c) => c.method === 'PUT' && c.path === call.path && c.status === 200)
            ?.body ?? [],
        ),
    ],
    ...interactionRoutes(world, options),
    ...channelRoutes(world, gateway),
  ];

  async function handle(req: IncomingMessage, res: ServerResponse) {
    res.on('error', () => undefined);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const { body, files } = await readBody(Buffer.concat(chunks), req.headers['content-type']);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = safeDecode(url.pathname);
    const call: RestCall = {
      method: req.method ?? 'GET',
      path: path.startsWith(`${API_PREFIX}/`) ? path.slice(API_PREFIX.length) : path,
      query: Object.fromEntries(url.searchParams),
      body,
      files,
      authorization: req.headers.authorization,
      at: Date.now() - started,
      status: 0,
    };
    const reply = path.startsWith(`${API_PREFIX}/`) ? route(call) : notFound();
    call.status = reply.status;
    calls.push(call);
    for (const waiter of [...waiters]) waiter(call);
    if (reply.body === undefined) {
      res.writeHead(reply.status).end();
    } else {
      res
        .writeHead(reply.status, { 'content-type': 'application/json' })
        .end(JSON.stringify(reply.body));
    }
    reply.after?.();
  }

  function route(call: RestCall): Reply {
    for (const [method, pattern, handler] of routes) {
      const match = call.method === method ? pattern.exec(call.path) : null;
      if (match) {
        const [a = '', b = '', c = ''] = match.slice(1);
        return handler(call, a, b, c);
      }
    }
    return notFound();
  }

  return {
    calls,
    handle,
    waitForCall(predicate, timeoutMs = 5000) {
      const seen = calls.find(predicate);
      if (seen) return Promise.resolve(seen);
      return new Promise<RestCall>((resolve, reject) => {
        const waiter = (call: RestCall) => {
          if (!predicate(call)) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(call);
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          const list =
            calls.map((c) => `  ${c.method} ${c.path} → ${c.status}`).join('\n') || '  (none)';
          reject(new Error(`no REST call matched within ${timeoutMs} ms; calls seen:\n${list}`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
  };
}

async function readBody(
  raw: Buffer,
  contentType: string | undefined,
): Promise<{ body: unknown; files: FileInfo[] }> {
  if (raw.length === 0) return { body: undefined, files: [] };
  if (!contentType?.startsWith('multipart/form-data'))
    return { body: parseJson(raw.toString('utf8')), files: [] };
  const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
  const files: FileInfo[] = [];
  let body: unknown;
  for (const [name, value] of form) {
    if (typeof value === 'string') {
      if (name === 'payload_json') body = parseJson(value);
    } else {
      files.push({ name: value.name, size: value.size });
    }
  }
  return { body, files };
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
