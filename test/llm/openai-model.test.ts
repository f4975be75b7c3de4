import { afterEach, describe, expect, it } from 'vitest';
import { ModelError, complete, type ChatMessage } from '../../src/llm/chat-model.js';
import { createOpenAiModel } from '../../src/llm/openai-model.js';
import { startFakeOpenAi, type Behaviour, type FakeOpenAiServer } from '../support/fake-openai-server.js';

const messages: ChatMessage[] = [
  { role: 'system', content: 'Answer from the sources.' },
  { role: 'user', content: 'What is length bias?' },
];

let server: FakeOpenAiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function modelFor(script: Behaviour[], settings: { timeoutMs?: number; maxRetries?: number; idleTimeoutMs?: number } = {}) {
  server = await startFakeOpenAi(script);
  return createOpenAiModel({
    model: 'fake-model',
    baseURL: server.url,
    timeoutMs: settings.timeoutMs ?? 2000,
    maxRetries: settings.maxRetries ?? 2,
    ...(settings.idleTimeoutMs ? { idleTimeoutMs: settings.idleTimeoutMs } : {}),
  });
}

async function failure(promise: Promise<unknown>): Promise<ModelError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelError);
  return error as ModelError;
}

describe('openai provider against a local chat-completions server (real SDK)', () => {
  it('GIVEN a normal streamed answer THEN the pieces arrive in order and the request is well formed', async () => {
    const model = await modelFor([{ kind: 'stream', pieces: ['Length ', 'bias is ', 'a preference [1].'] }]);
    const pieces: string[] = [];
    for await (const piece of model.stream(messages)) pieces.push(piece);
    expect(pieces).toEqual(['Length ', 'bias is ', 'a preference [1].']);
    expect(server!.requests[0]!.body).toMatchObject({ model: 'fake-model', stream: true, messages });
    expect(model.name).toBe('openai:fake-model');
  });

  it('GIVEN a 429 with Retry-After THEN it waits that long, retries, and answers', async () => {
    const model = await modelFor([
      { kind: 'status', status: 429, retryAfter: '1' },
      { kind: 'stream', pieces: ['ok [1]'] },
    ]);
    expect(await complete(model, messages)).toBe('ok [1]');
    expect(server!.requests).toHaveLength(2);
    const waited = server!.requests[1]!.at - server!.requests[0]!.at;
    expect(waited).toBeGreaterThanOrEqual(900);
  });

  it('GIVEN repeated 500s THEN it gives up after the retries with a server error', async () => {
    const model = await modelFor([{ kind: 'status', status: 500 }], { maxRetries: 2 });
    const error = await failure(complete(model, messages));
    expect(error.kind).toBe('server');
    expect(error.message).toMatch(/answered 500, even after retrying/);
    expect(server!.requests).toHaveLength(3);
  });

  it('GIVEN a 401 THEN it fails at once without retrying', async () => {
    const model = await modelFor([{ kind: 'status', status: 401 }]);
    const error = await failure(complete(model, messages));
    expect(error.kind).toBe('bad_response');
    expect(server!.requests).toHaveLength(1);
  });

  it('GIVEN a server that never answers THEN it times out instead of hanging', async () => {
    const model = await modelFor([{ kind: 'hang' }], { timeoutMs: 300, maxRetries: 0 });
    const started = Date.now();
    const error = await failure(complete(model, messages));
    expect(error.kind).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('GIVEN a stream that stalls half-way THEN the idle timer ends it with a timeout', async () => {
    const model = await modelFor([{ kind: 'stream-then-hang', pieces: ['Half an '] }], {
      timeoutMs: 5000,
      idleTimeoutMs: 300,
      maxRetries: 0,
    });
    const seen: string[] = [];
    const error = await failure(
      (async () => {
        for await (const piece of model.stream(messages)) seen.push(piece);
      })(),
    );
    expect(seen).toEqual(['Half an ']);
    expect(error.kind).toBe('timeout');
    expect(error.message).toMatch(/stopped sending for 300 ms/);
  });

  it('GIVEN a stream cut in the middle THEN it is an error, not a silently short answer', async () => {
    const model = await modelFor([{ kind: 'stream-then-cut', pieces: ['The first half'] }], { maxRetries: 0 });
    const error = await failure(complete(model, messages));
    expect(['connection', 'bad_response']).toContain(error.kind);
  });

  it('GIVEN malformed JSON in a chunk THEN it is a bad response', async () => {
    const model = await modelFor([{ kind: 'malformed-chunk' }], { maxRetries: 0 });
    const error = await failure(complete(model, messages));
    expect(error.kind).toBe('bad_response');
  });

  it('GIVEN a non-streaming JSON body where a stream was asked for THEN it is an error, not a hang', async () => {
    const model = await modelFor([{ kind: 'json', text: 'plain answer' }], { maxRetries: 0, timeoutMs: 1000 });
    const error = await failure(complete(model, messages));
    expect(['bad_response', 'connection']).toContain(error.kind);
  });

  it('GIVEN the caller aborts THEN the call ends as aborted', async () => {
    const model = await modelFor([{ kind: 'hang' }], { timeoutMs: 5000, maxRetries: 0 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await failure(complete(model, messages, { signal: controller.signal }));
    expect(error.kind).toBe('aborted');
  });

  it('GIVEN no server at the address THEN a connection error after the retries', async () => {
    const model = createOpenAiModel({ model: 'm', baseURL: 'http://127.0.0.1:9/v1', timeoutMs: 2000, maxRetries: 1 });
    const error = await failure(complete(model, messages));
    expect(error.kind).toBe('connection');
  });
});
