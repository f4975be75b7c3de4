import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the server does for one request: a scripted behaviour, in order of arrival. */
export type Behaviour =
  | { kind: 'stream'; pieces: string[]; delayMs?: number }
  | { kind: 'json'; text: string }
  | { kind: 'status'; status: number; retryAfter?: string; body?: string }
  | { kind: 'hang' }
  | { kind: 'stream-then-hang'; pieces: string[] }
  | { kind: 'stream-then-cut'; pieces: string[] }
  | { kind: 'malformed-chunk' };

export interface FakeOpenAiServer {
  /** Base URL to give the SDK (ends in /v1). */
  url: string;
  /** Times (ms since start) and bodies of the requests received. */
  requests: { at: number; body: unknown }[];
  close(): Promise<void>;
}

/**
 * A local server on 127.0.0.1 that speaks the chat-completions API, streaming (SSE)
 * and not, and misbehaves on cue. The last behaviour repeats for further requests.
 */
export async function startFakeOpenAi(script: Behaviour[]): Promise<FakeOpenAiServer> {
  const started = Date.now();
  const requests: FakeOpenAiServer['requests'] = [];
  const open = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    void handle(req, res);
  });
  async function handle(req: IncomingMessage, res: ServerResponse) {
    let raw = '';
    for await (const chunk of req) raw += String(chunk);
    requests.push({ at: Date.now() - started, body: JSON.parse(raw || '{}') });
    const behaviour = script[Math.min(requests.length - 1, script.length - 1)]!;
    open.add(res);
    res.on('close', () => open.delete(res));
    const chunk = (content: string, finish: string | null = null) =>
      `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'fake', choices: [{ index: 0, delta: { content }, finish_reason: finish }] })}\n\n`;
    const sseHead = () => res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    switch (behaviour.kind) {
      case 'stream': {
        sseHead();
        for (const piece of behaviour.pieces) {
          res.write(chunk(piece));
          if (behaviour.delayMs) await new Promise((r) => setTimeout(r, behaviour.delayMs));
        }
        res.write(chunk('', 'stop'));
        res.end('data: [DONE]\n\n');
        return;
      }
      case 'json':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: 'c1', object: 'chat.completion', created: 1, model: 'fake', choices: [{ index: 0, message: { role: 'assistant', content: behaviour.text }, finish_reason: 'stop' }] }));
        return;
      case 'status':
        res.writeHead(behaviour.status, {
          'content-type': 'application/json',
          ...(behaviour.retryAfter ? { 'retry-after': behaviour.retryAfter } : {}),
        });
        res.end(behaviour.body ?? JSON.stringify({ error: { message: `status ${behaviour.status}`, type: 'server_error' } }));
        return;
      case 'hang':
        return; // never answers
      case 'stream-then-hang':
        sseHead();
        for (const piece of behaviour.pieces) res.write(chunk(piece));
        return; // headers and some pieces sent, then silence
      case 'stream-then-cut':
        sseHead();
        for (const piece of behaviour.pieces) res.write(chunk(piece));
        setTimeout(() => res.socket?.destroy(), 20);
        return;
      case 'malformed-chunk':
        sseHead();
        res.write(chunk('Hello'));
        res.write('data: {"choices": [ this is not json\n\n');
        res.end('data: [DONE]\n\n');
        return;
    }
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: async () => {
      for (const res of open) res.socket?.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
