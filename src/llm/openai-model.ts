import OpenAI from 'openai';
import { guardCall, type CallGuard } from './call-guard.js';
import { ModelError, type ChatMessage, type ChatModel, type ChatOptions } from './chat-model.js';
import { toModelError } from './openai-errors.js';
import { readChunks, readCompletion } from './openai-response.js';
import { unfence } from './prompt-format.js';
import {
  DEFAULT_RETRY_BASE_DELAY_MS,
  DEFAULT_RETRY_MAX_DELAY_MS,
  isRetryable,
  retryDelayMs,
  type RetryPolicy,
} from './retry-policy.js';

export interface OpenAiModelSettings {
  model: string;
  /** Optional for local servers (Ollama, llama.cpp, vLLM…), which need no key. */
  apiKey?: string | undefined;
  /** Any OpenAI-compatible server; default OpenAI's own. */
  baseURL?: string | undefined;
  /** The whole call, retries and streaming included (a call may lower or raise it). */
  timeoutMs: number;
  /** Retries on 429, 5xx and connection errors, honouring Retry-After. */
  maxRetries: number;
  /** Longest silence allowed in the middle of a response (default: timeoutMs). */
  idleTimeoutMs?: number | undefined;
  /** First backoff when the server sends no Retry-After; doubles each retry (default 500). */
  retryBaseDelayMs?: number | undefined;
  fetch?: typeof fetch | undefined;
}

const OPENAI_BASE_URL = 'https://api.openai.com/v1';
/** The SDK refuses to start without a key; servers that need none ignore this one. */
export const PLACEHOLDER_API_KEY = 'no-key-needed';

/**
 * A ChatModel on the official OpenAI SDK, streaming. The SDK's own retries are off: its
 * backoff sleep ignores the abort signal and any Retry-After length, and its timeout
 * stops at the response headers. Here one guard (caller's signal, deadline, idle
 * timer) covers every request, backoff and stream read, and every failure is a ModelError.
 */
export function createOpenAiModel(settings: OpenAiModelSettings): ChatModel {
  if (!settings.apiKey && !settings.baseURL) {
    throw new Error(
      'the openai model needs an API key, or a base URL for a server that needs none',
    );
  }
  const client = new OpenAI({
    apiKey: settings.apiKey || PLACEHOLDER_API_KEY,
    // Everything explicit, so the SDK picks nothing up from the environment on its own.
    baseURL: settings.baseURL ?? OPENAI_BASE_URL,
    organization: null,
    project: null,
    adminAPIKey: null,
    webhookSecret: null,
    maxRetries: 0,
    timeout: settings.timeoutMs,
    // Failures reach the caller as ModelError; the SDK would print raw stream chunks to stderr.
    logLevel: 'off',
    ...(settings.fetch ? { fetch: settings.fetch } : {}),
  });
  const policy: RetryPolicy = {
    maxRetries: settings.maxRetries,
    baseDelayMs: settings.retryBaseDelayMs ?? DEFAULT_RETRY_BASE_DELAY_MS,
    maxDelayMs: DEFAULT_RETRY_MAX_DELAY_MS,
  };

  return {
    name: `openai:${settings.model}`,
    async *stream(messages: ChatMessage[], options: ChatOptions = {}) {
      const timeoutMs = options.timeoutMs ?? settings.timeoutMs;
      const idleMs = Math.min(settings.idleTimeoutMs ?? timeoutMs, timeoutMs);
      const guard = guardCall({ signal: options.signal, timeoutMs, idleMs });
      const progress = { attempts: 0, phase: 'request' as 'request' | 'stream' };
      try {
        const { data, response } = await openWithRetries(guard, policy, progress, () =>
          client.chat.completions
            .create(
              { model: settings.model, messages, stream: true },
              // The SDK's timeout only covers the wait for headers; a little slack lets the guard's own fire first.
              { signal: guard.signal, timeout: Math.ceil(guard.remainingMs()) + 1000 },
            )
            .withResponse(),
        );
        progress.phase = 'stream';
        // A model quotes its prompt's fenced text: the reader gets the original brackets.
        if (isJson(response)) yield unfence(await readCompletion(response, guard));
        else for await (const delta of readChunks(data, guard)) yield unfence(delta);
      } catch (error) {
        throw guard.reason ? guard.stoppedError(error) : toModelError(error, progress);
      } finally {
        guard.dispose();
      }
    },
  };
}

/** Sends the request until it is answered, retrying what is retryable while time remains. */
async function openWithRetries<T>(
  guard: CallGuard,
  policy: RetryPolicy,
  progress: { attempts: number },
  send: () => Promise<T>,
): Promise<T> {
  for (;;) {
    progress.attempts += 1;
    try {
      return await guard.wait(send());
    } catch (error) {
      const retry = progress.attempts;
      if (guard.reason || retry > policy.maxRetries || !isRetryable(error)) throw error;
      const delay = retryDelayMs(error, retry, policy);
      if (delay >= guard.remainingMs()) {
        const failure = toModelError(error, { attempts: retry, phase: 'request' });
        const wait = `the next try would be in ${Math.round(delay)} ms, after the ${Math.round(guard.remainingMs())} ms left`;
        throw new ModelError(failure.kind, `${failure.message}; ${wait}`, { cause: error });
      }
      await guard.sleep(delay);
    }
  }
}

function isJson(response: Response): boolean {
  return /\bjson\b/i.test(response.headers.get('content-type') ?? '');
}
