export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatOptions {
  /** Aborting it ends the call with ModelError 'aborted'. */
  signal?: AbortSignal | undefined;
  /** The whole call, retries and streaming included, must finish within this many milliseconds. */
  timeoutMs?: number | undefined;
}

/** Messages in, text out, streamed as it comes. */
export interface ChatModel {
  /** e.g. "extractive" or "openai:gpt-4o-mini". */
  readonly name: string;
  /** Streams the answer text (deltas). Throws ModelError on failure. */
  stream(messages: ChatMessage[], options?: ChatOptions): AsyncIterable<string>;
}

export type ModelErrorKind =
  'timeout' | 'aborted' | 'rate_limited' | 'server' | 'connection' | 'bad_response';

/** A model call that failed, after any retries, for a reason a user can be told. */
export class ModelError extends Error {
  constructor(
    readonly kind: ModelErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ModelError';
  }
}

/** The whole answer of a streaming model. */
export async function complete(
  model: ChatModel,
  messages: ChatMessage[],
  options?: ChatOptions,
): Promise<string> {
  let text = '';
  for await (const delta of model.stream(messages, options)) text += delta;
  return text;
}
