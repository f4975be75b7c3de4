import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ModelError,
  complete,
  type ChatMessage,
  type ChatModel,
  type ChatOptions,
} from '../../src/llm/chat-model.js';
import {
  PLACEHOLDER_API_KEY,
  createOpenAiModel,
  type OpenAiModelSettings,
} from '../../src/llm/openai-model.js';
import {
  completion,
  event,
  startFakeOpenAi,
  type Behaviour,
  type FakeOpenAiServer,
} from '../support/fake-openai-server.js';

const messages: ChatMessage[] = [
  { role: 'system', content: 'Answer from the sources.' },
  { role: 'user', content: 'What is length bias?' },
];

let server: FakeOpenAiServer | undefined;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => process.on('unhandledRejection', onUnhandled));
afterAll(() => process.off('unhandledRejection', onUnhandled));
afterEach(async () => {
  await server?.close();
  server = undefined;
  await new Promise((resolve) => setTimeout(resolve, 10));
  expect(unhandled, 'unhandled rejections').toEqual([]);
});

async function modelFor(
  script: Behaviour[],
  settings: Partial<OpenAiModelSettings> = {},
): Promise<ChatModel> {
  server = await startFakeOpenAi(script);
  return createOpenAiModel({
    model: 'fake-model',
    baseURL: server.url,
    timeoutMs: 2000,
    maxRetries: 2,
    retryBaseDelayMs: 20,
    ...settings,
  });
}

function requests() {
  return server!.requests;
}

/** Reads the whole stream: the pieces and how it ended. */
async function run(model: ChatModel, options?: ChatOptions) {
  const started = Date.now();
  const pieces: string[] = [];
  try {
    for await (const piece of model.stream(messages, options)) pieces.push(piece);
    return { pieces, error: undefined, ms: Date.now() - started };
  } catch (error) {
    return { pieces, error, ms: Date.now() - started };
  }
}

function modelError(error: unknown): ModelError {
  expect(error).toBeInstanceOf(ModelError);
  return error as ModelError;
}

describe('openai model: answers', () => {
  it('GIVEN a streamed answer THEN the deltas arrive in order, each as it is sent', async () => {
    // The server sends the next piece only once the reader has the last one: a model that
    // held the stream back until its end would never get the second (and time out). No clock.
    const pieces: string[] = [];
    const model = await modelFor([
      {
        kind: 'answer',
        pieces: ['Length ', 'bias is ', 'a preference [1].'],
        gate: async (sent) => {
          while (pieces.length < sent) await new Promise((resolve) => setTimeout(resolve, 5));
        },
      },
    ]);
    for await (const piece of model.stream(messages)) pieces.push(piece);
    expect(pieces).toEqual(['Length ', 'bias is ', 'a preference [1].']);
    expect(requests()[0]!.body).toMatchObject({ model: 'fake-model', stream: true, messages });
    expect(model.name).toBe('openai:fake-model');
  });

  it('GIVEN a model quoting its prompt\'s fenced "‹0.5 point" THEN the reader gets "<0.5 point"', async () => {
    const model = await modelFor([
      { kind: 'answer', pieces: ['Up to 8x with ', '‹0.5 point gap [1]', ' (a ›0.9 ratio).'] },
    ]);
    const { pieces, error } = await run(model);
    expect(error).toBeUndefined();
    expect(pieces.join('')).toBe('Up to 8x with <0.5 point gap [1] (a >0.9 ratio).');
  });

  it('GIVEN a server that answers a stream request with one JSON completion THEN that answer is used', async () => {
    const model = await modelFor([
      { kind: 'json-body', body: JSON.stringify(completion('Whole answer [1].')) },
    ]);
    expect(await complete(model, messages)).toBe('Whole answer [1].');
  });

  it('GIVEN no API key but a base URL THEN a placeholder key is sent; GIVEN a key THEN that key is sent', async () => {
    const keyless = await modelFor([{ kind: 'answer', pieces: ['ok'] }]);
    await complete(keyless, messages);
    const keyed = createOpenAiModel({
      model: 'm',
      apiKey: 'sk-test',
      baseURL: server!.url,
      timeoutMs: 2000,
      maxRetries: 0,
    });
    await complete(keyed, messages);
    expect(requests().map((r) => r.headers.authorization)).toEqual([
      `Bearer ${PLACEHOLDER_API_KEY}`,
      'Bearer sk-test',
    ]);
    expect(() => createOpenAiModel({ model: 'm', timeoutMs: 1000, maxRetries: 0 })).toThrow(
      /API key/,
    );
  });
});

describe('openai model: retries', () => {
  it('GIVEN a 429 with Retry-After: 1 THEN it waits about a second, retries once, and answers', async () => {
    const model = await modelFor([
      { kind: 'status', status: 429, headers: { 'retry-after': '1' } },
      { kind: 'answer', pieces: ['ok [1]'] },
    ]);
    expect(await complete(model, messages)).toBe('ok [1]');
    expect(requests()).toHaveLength(2);
    const waited = requests()[1]!.at - requests()[0]!.at;
    expect(waited).toBeGreaterThanOrEqual(950);
    expect(waited).toBeLessThan(1800);
  });

  it('GIVEN a 429 asking for a wait longer than the time left THEN it gives up at once as rate limited', async () => {
    const model = await modelFor(
      [{ kind: 'status', status: 429, headers: { 'retry-after': '30' } }],
      { timeoutMs: 1000 },
    );
    const { error, ms } = await run(model);
    expect(modelError(error).kind).toBe('rate_limited');
    expect(modelError(error).message).toMatch(/429.*next try would be in 30000 ms/);
    expect(requests()).toHaveLength(1);
    expect(ms).toBeLessThan(500);
  });

  it('GIVEN repeated 500s THEN it backs off, makes 1 + maxRetries requests, and gives up with a server error', async () => {
    const model = await modelFor([{ kind: 'status', status: 500 }], {
      maxRetries: 2,
      retryBaseDelayMs: 60,
    });
    const { error } = await run(model);
    expect(modelError(error).kind).toBe('server');
    expect(modelError(error).message).toMatch(/failed with status 500 \(3 attempts\)/);
    const at = requests().map((r) => r.at);
    expect(at).toHaveLength(3);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(40); // 60 ms less up to 25% jitter
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(85); // doubled
  });

  it('GIVEN a 401 THEN it fails at once, without retrying and without echoing the server text', async () => {
    const body = JSON.stringify({ error: { message: 'Incorrect API key provided: sk-abc***xyz' } });
    const model = await modelFor([{ kind: 'status', status: 401, body }]);
    const { error } = await run(model);
    expect(modelError(error).kind).toBe('bad_response');
    expect(modelError(error).message).toMatch(/credentials \(401\); check OPENAI_API_KEY/);
    expect(modelError(error).message).not.toMatch(/sk-/);
    expect(requests()).toHaveLength(1);
  });

  it('GIVEN nothing listening at the address THEN a connection error after the retries', async () => {
    const closed = await startFakeOpenAi([{ kind: 'hang' }]);
    await closed.close();
    const model = createOpenAiModel({
      model: 'm',
      baseURL: closed.url,
      timeoutMs: 2000,
      maxRetries: 1,
      retryBaseDelayMs: 20,
    });
    const { error } = await run(model);
    expect(modelError(error).kind).toBe('connection');
    expect(modelError(error).message).toMatch(
      /could not reach the model server \(2 attempts\): .*ECONNREFUSED/,
    );
  });
});

describe('openai model: timeouts', () => {
  it('GIVEN a server that never answers THEN it ends in a timeout at the deadline, not a hang', async () => {
    const model = await modelFor([{ kind: 'hang' }], { timeoutMs: 300 });
    const { error, ms } = await run(model);
    expect(modelError(error).kind).toBe('timeout');
    expect(modelError(error).message).toMatch(/did not finish within 300 ms/);
    expect(ms).toBeGreaterThanOrEqual(250);
    expect(ms).toBeLessThan(1500);
    expect(requests()).toHaveLength(1);
  });

  it('GIVEN a stream that stalls half-way THEN the deadline ends it with a timeout (the SDK timeout would not)', async () => {
    const model = await modelFor([{ kind: 'stream-then-hang', pieces: ['Half an '] }], {
      timeoutMs: 400,
    });
    const { pieces, error, ms } = await run(model);
    expect(pieces).toEqual(['Half an ']);
    expect(modelError(error).kind).toBe('timeout');
    expect(ms).toBeLessThan(1500);
  });

  it('GIVEN a stream that stalls half-way and an idle limit THEN the idle timer ends it long before the deadline', async () => {
    const model = await modelFor([{ kind: 'stream-then-hang', pieces: ['Half an '] }], {
      timeoutMs: 5000,
      idleTimeoutMs: 200,
    });
    const { pieces, error, ms } = await run(model);
    expect(pieces).toEqual(['Half an ']);
    expect(modelError(error).kind).toBe('timeout');
    expect(modelError(error).message).toMatch(/stopped sending for 200 ms/);
    expect(ms).toBeLessThan(1500);
  });

  it('GIVEN a slow but steady stream THEN the idle timer restarts with each piece and the answer completes', async () => {
    const model = await modelFor(
      [{ kind: 'answer', pieces: ['one ', 'two ', 'three ', 'four'], delayMs: 150 }],
      { idleTimeoutMs: 350 },
    );
    const { pieces, error, ms } = await run(model);
    expect(error).toBeUndefined();
    expect(pieces.join('')).toBe('one two three four');
    expect(ms).toBeGreaterThan(350);
  });

  it('GIVEN a call with its own timeoutMs THEN that limit applies instead of the model default', async () => {
    const model = await modelFor([{ kind: 'hang' }], { timeoutMs: 10_000 });
    const { error, ms } = await run(model, { timeoutMs: 250 });
    expect(modelError(error).kind).toBe('timeout');
    expect(ms).toBeLessThan(1500);
  });

  it('GIVEN a fetch that ignores its abort signal THEN the deadline still ends the call', async () => {
    const neverAnswers = (() => new Promise<Response>(() => undefined)) as typeof fetch;
    const model = createOpenAiModel({
      model: 'm',
      baseURL: 'http://127.0.0.1:1/v1',
      timeoutMs: 250,
      maxRetries: 0,
      fetch: neverAnswers,
    });
    const { error, ms } = await run(model);
    expect(modelError(error).kind).toBe('timeout');
    expect(ms).toBeLessThan(1500);
  });
});

describe('openai model: broken responses', () => {
  it('GIVEN a stream cut in the middle (socket destroyed) THEN a connection error, not a silently short answer', async () => {
    const model = await modelFor([{ kind: 'stream-then-cut', pieces: ['The first half'] }]);
    const { pieces, error } = await run(model);
    expect(pieces).toEqual(['The first half']);
    expect(modelError(error).kind).toBe('connection');
    expect(requests()).toHaveLength(1); // nothing is retried once text has been shown
  });

  it('GIVEN a stream that ends cleanly but without a finish_reason THEN it counts as cut off', async () => {
    const model = await modelFor([{ kind: 'stream-then-end', pieces: ['The first half'] }]);
    const { error } = await run(model);
    expect(modelError(error).kind).toBe('connection');
    expect(modelError(error).message).toMatch(/ended before the model finished/);
  });

  it('GIVEN malformed JSON in a stream chunk THEN a bad response', async () => {
    const model = await modelFor([
      {
        kind: 'raw-events',
        events: [event({ content: 'Hello' }).slice(6, -2), '{"choices": [ this is not json'],
      },
    ]);
    const { pieces, error } = await run(model);
    expect(pieces).toEqual(['Hello']);
    expect(modelError(error).kind).toBe('bad_response');
    expect(modelError(error).message).toMatch(/not valid JSON/);
  });

  it('GIVEN a chunk of the wrong shape THEN a bad response', async () => {
    const model = await modelFor([{ kind: 'raw-events', events: ['{"choices": "not a list"}'] }]);
    expect(modelError((await run(model)).error).kind).toBe('bad_response');
  });

  it('GIVEN malformed JSON in a non-streaming body THEN a bad response', async () => {
    const model = await modelFor([{ kind: 'json-body', body: '{"choices": [ this is not json' }]);
    const { error } = await run(model);
    expect(modelError(error).kind).toBe('bad_response');
    expect(modelError(error).message).toMatch(/not a chat completion/);
  });

  it('GIVEN an error event in the middle of the stream THEN a server error carrying its message', async () => {
    const failure = JSON.stringify({
      error: { message: 'the model is overloaded', type: 'server_error' },
    });
    const model = await modelFor([
      { kind: 'raw-events', events: [event({ content: 'Hel' }).slice(6, -2), failure] },
    ]);
    const { error } = await run(model);
    expect(modelError(error).kind).toBe('server');
    expect(modelError(error).message).toMatch(/the model is overloaded/);
  });

  it('GIVEN an empty answer THEN a bad response', async () => {
    const model = await modelFor([{ kind: 'answer', pieces: [] }]);
    const { error } = await run(model);
    expect(modelError(error).kind).toBe('bad_response');
    expect(modelError(error).message).toMatch(/empty answer/);
  });
});

describe('openai model: cancelling', () => {
  it('GIVEN the caller aborts while waiting THEN the call ends as aborted, promptly', async () => {
    const model = await modelFor([{ kind: 'hang' }], { timeoutMs: 5000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const { error, ms } = await run(model, { signal: controller.signal });
    expect(modelError(error).kind).toBe('aborted');
    expect(ms).toBeLessThan(1000);
  });

  it('GIVEN an already aborted signal THEN no request is made', async () => {
    const model = await modelFor([{ kind: 'answer', pieces: ['ok'] }]);
    const { error } = await run(model, { signal: AbortSignal.abort() });
    expect(modelError(error).kind).toBe('aborted');
    expect(requests()).toHaveLength(0);
  });

  it('GIVEN the caller aborts during a Retry-After backoff THEN it stops waiting at once (the SDK would sleep on)', async () => {
    const model = await modelFor(
      [{ kind: 'status', status: 429, headers: { 'retry-after': '5' } }],
      { timeoutMs: 10_000 },
    );
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const { error, ms } = await run(model, { signal: controller.signal });
    expect(modelError(error).kind).toBe('aborted');
    expect(ms).toBeLessThan(1000);
    expect(requests()).toHaveLength(1);
  });

  it('GIVEN the reader stops after the first piece THEN the request is closed, not left open', async () => {
    const model = await modelFor([{ kind: 'stream-then-hang', pieces: ['first ', 'second'] }], {
      timeoutMs: 5000,
    });
    for await (const piece of model.stream(messages)) {
      expect(piece).toBe('first ');
      break;
    }
    await expect.poll(() => requests()[0]?.closedAt, { timeout: 1000 }).toBeDefined();
  });
});
