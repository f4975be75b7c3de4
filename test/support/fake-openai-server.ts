import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the server does with one request. */
export type Behaviour =
  /** The answer, as SSE pieces when the request asks for a stream, else as one JSON completion. */
  | {
      kind: 'answer';
      pieces: string[];
      delayMs?: number;
      /** Awaited after each piece but the last, with how many were sent, before the next. */
      gate?: (sent: number) => Promise<void>;
    }
  /** A JSON completion even when a stream was asked for (some compatible servers do this). */
  | { kind: 'json-body'; body: string }
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: string }
  /** Takes the request and never answers. */
  | { kind: 'hang' }
  /** Sends the headers and these pieces, then nothing, with the connection left open. */
  | { kind: 'stream-then-hang'; pieces: string[] }
  /** Sends these pieces, then destroys the socket. */
  | { kind: 'stream-then-cut'; pieces: string[] }
  /** Sends these pieces, then ends the response cleanly without a finish_reason or [DONE]. */
  | { kind: 'stream-then-end'; pieces: string[] }
  /** Sends raw SSE `data:` payloads, then `[DONE]`. */
  | { kind: 'raw-events'; events: string[] };

export interface RecordedRequest {
  /** Milliseconds since the server started. */
  at: number;
  headers: IncomingMessage['headers'];
  body: unknown;
  /** Milliseconds since the server started when the client closed the connection, if it did. */
  closedAt?: number;
}

export interface FakeOpenAiServer {
  /** Base URL to give the SDK (ends in /v1). */
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/**
 * A local chat-completions server on 127.0.0.1 that misbehaves on cue: request n gets
 * script[n], and the last behaviour repeats for any further requests.
 */
export async function startFakeOpenAi(script: Behaviour[]): Promise<FakeOpenAiServer> {
  const started = Date.now();
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    res.on('error', () => undefined);
    let raw = '';
    for await (const part of req) raw += String(part);
    const request: RecordedRequest = {
      at: Date.now() - started,
      headers: req.headers,
      body: parseJson(raw),
    };
    requests.push(request);
    res.on('close', () => (request.closedAt = Date.now() - started));
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      return send(res, 404, { error: { message: `no route ${req.method} ${req.url}` } });
    }
    const behaviour = script[Math.min(requests.length - 1, script.length - 1)]!;
    const wantsStream = (request.body as { stream?: unknown } | undefined)?.stream === true;
    const write = (text: string) => (res.destroyed ? undefined : res.write(text));
    switch (behaviour.kind) {
      case 'answer':
        if (!wantsStream) return send(res, 200, completion(behaviour.pieces.join('')));
        startEvents(res);
        write(event({ role: 'assistant', content: '' }));
        for (const [i, piece] of behaviour.pieces.entries()) {
          write(event({ content: piece }));
          if (behaviour.delayMs)
            await new Promise((resolve) => setTimeout(resolve, behaviour.delayMs));
          if (behaviour.gate && i < behaviour.pieces.length - 1) await behaviour.gate(i + 1);
        }
        write(event({}, 'stop'));
        return res.end('data: [DONE]\n\n');
      case 'json-body':
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(behaviour.body);
      case 'status':
        res.writeHead(behaviour.status, {
          'content-type': 'application/json',
          ...behaviour.headers,
        });
        return res.end(
          behaviour.body ??
            JSON.stringify({
              error: { message: `status ${behaviour.status}`, type: 'server_error' },
            }),
        );
      case 'hang':
        return;
      case 'stream-then-hang':
      case 'stream-then-cut':
      case 'stream-then-end':
        startEvents(res);
        for (const piece of behaviour.pieces) write(event({ content: piece }));
        if (behaviour.kind === 'stream-then-cut') setTimeout(() => res.socket?.destroy(), 20);
        if (behaviour.kind === 'stream-then-end') res.end();
        return;
      case 'raw-events':
        startEvents(res);
        for (const data of behaviour.events) write(`data: ${data}\n\n`);
        return res.end('data: [DONE]\n\n');
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** One chat.completion.chunk event. */
export function event(
  delta: { role?: string; content?: string },
  finishReason: string | null = null,
): string {
  const chunk = {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'fake',
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  };
  return `data: ${JSON.stringify(chunk)}\n\n`;
}

export function completion(text: string): object {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1,
    model: 'fake',
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
  };
}

function startEvents(res: ServerResponse) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.flushHeaders();
}

function send(res: ServerResponse, status: number, body: object) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
