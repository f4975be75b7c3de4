import OpenAI from 'openai';
import { ModelError, type ChatMessage, type ChatModel, type ChatOptions } from './chat-model.js';

export interface OpenAiModelSettings {
  model: string;
  apiKey?: string;
  /** Any OpenAI-compatible server: OpenAI, Ollama, vLLM, llama.cpp, LM Studio, OpenRouter. */
  baseURL?: string;
  /** The whole call, retries and streaming included. */
  timeoutMs: number;
  /** Retries on 429, 5xx and connection errors, with backoff that honours Retry-After. */
  maxRetries: number;
  /** Longest silence allowed between two pieces of a stream (default: timeoutMs). */
  idleTimeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * A ChatModel on the official OpenAI SDK. The SDK does the retrying (429, 5xx,
 * connection errors; exponential backoff; Retry-After honoured). This wrapper adds what
 * the SDK does not: a deadline and an idle timer that also cover a stream stalling
 * half-way, and one error type, ModelError, whatever went wrong.
 */
export function createOpenAiModel(settings: OpenAiModelSettings): ChatModel {
  const client = new OpenAI({
    // Local servers (Ollama, llama.cpp…) need no key, but the SDK insists on one.
    apiKey: settings.apiKey ?? 'not-needed',
    ...(settings.baseURL ? { baseURL: settings.baseURL } : {}),
    maxRetries: settings.maxRetries,
    timeout: settings.timeoutMs,
    ...(settings.fetch ? { fetch: settings.fetch } : {}),
  });
  return {
    name: `openai:${settings.model}`,
    async *stream(messages: ChatMessage[], options: ChatOptions = {}) {
      const timeoutMs = options.timeoutMs ?? settings.timeoutMs;
      const idleMs = Math.min(settings.idleTimeoutMs ?? timeoutMs, timeoutMs);
      const controller = new AbortController();
      let reason: 'timeout' | 'idle' | 'aborted' | undefined;
      const stop = (why: 'timeout' | 'idle' | 'aborted') => {
        reason ??= why;
        controller.abort();
      };
      const onAbort = () => stop('aborted');
      if (options.signal?.aborted) throw new ModelError('aborted', 'the request was cancelled');
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const deadline = setTimeout(() => stop('timeout'), timeoutMs);
      let idle: NodeJS.Timeout | undefined;
      const armIdle = () => {
        clearTimeout(idle);
        idle = setTimeout(() => stop('idle'), idleMs);
      };
      let produced = 0;
      let finished = false;
      try {
        const stream = await client.chat.completions.create(
          { model: settings.model, messages, stream: true },
          { signal: controller.signal },
        );
        armIdle();
        for await (const chunk of stream) {
          armIdle();
          if (chunk.choices?.[0]?.finish_reason) finished = true;
          const delta = chunk.choices?.[0]?.delta?.content;
          if (typeof delta === 'string' && delta.length > 0) {
            produced += delta.length;
            yield delta;
          }
        }
        if (reason) throw new ModelError(reason === 'aborted' ? 'aborted' : 'timeout', describeStop(reason, timeoutMs, idleMs));
        if (produced === 0) throw new ModelError('bad_response', 'the model server sent an empty answer');
        // A stream that ends with no finish_reason was cut off, not finished.
        if (!finished) throw new ModelError('connection', 'the answer stream was cut off before the end');
      } catch (error) {
        throw toModelError(error, reason, timeoutMs, idleMs);
      } finally {
        clearTimeout(deadline);
        clearTimeout(idle);
        options.signal?.removeEventListener('abort', onAbort);
      }
    },
  };
}

function describeStop(reason: 'timeout' | 'idle' | 'aborted', timeoutMs: number, idleMs: number): string {
  if (reason === 'aborted') return 'the request was cancelled';
  if (reason === 'idle') return `the model server stopped sending for ${idleMs} ms`;
  return `the model server did not finish within ${timeoutMs} ms`;
}

function toModelError(
  error: unknown,
  reason: 'timeout' | 'idle' | 'aborted' | undefined,
  timeoutMs: number,
  idleMs: number,
): ModelError {
  if (error instanceof ModelError) return error;
  if (reason) return new ModelError(reason === 'aborted' ? 'aborted' : 'timeout', describeStop(reason, timeoutMs, idleMs), { cause: error });
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return new ModelError('timeout', `the model server did not answer within ${timeoutMs} ms`, { cause: error });
  }
  if (error instanceof OpenAI.APIUserAbortError) return new ModelError('aborted', 'the request was cancelled', { cause: error });
  if (error instanceof OpenAI.APIConnectionError) {
    return new ModelError('connection', 'could not reach the model server', { cause: error });
  }
  if (error instanceof OpenAI.RateLimitError) {
    return new ModelError('rate_limited', 'the model server is rate limiting us (429), even after retrying', { cause: error });
  }
  if (error instanceof OpenAI.APIError && typeof error.status === 'number') {
    const kind = error.status >= 500 ? 'server' : 'bad_response';
    return new ModelError(kind, `the model server answered ${error.status}${error.status >= 500 ? ', even after retrying' : ''}`, { cause: error });
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new ModelError('bad_response', `the model server sent something unreadable (${detail.slice(0, 120)})`, { cause: error });
}
