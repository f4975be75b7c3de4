import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { ModelError } from './chat-model.js';

export interface FailureContext {
  /** Requests made for this call, retries included. */
  attempts: number;
  /** 'stream' once the response has started: a failure there is a broken answer. */
  phase: 'request' | 'stream';
}

/** Any failure of an OpenAI SDK call, as one ModelError with a message a person can act on. */
export function toModelError(error: unknown, { attempts, phase }: FailureContext): ModelError {
  if (error instanceof ModelError) return error;
  const cause = { cause: error };
  const tries = attempts > 1 ? ` (${attempts} attempts)` : '';
  if (error instanceof APIUserAbortError)
    return new ModelError('aborted', 'the request was cancelled', cause);
  if (error instanceof APIConnectionTimeoutError) {
    return new ModelError('timeout', `the model server did not answer in time${tries}`, cause);
  }
  if (error instanceof APIConnectionError) {
    return new ModelError(
      'connection',
      `could not reach the model server${tries}: ${describe(rootCause(error))}`,
      cause,
    );
  }
  if (error instanceof APIError) {
    const status = error.status as number | undefined;
    if (status === undefined) {
      // An `error` object sent inside the event stream: the server gave up mid-answer.
      return new ModelError(
        'server',
        `the model server reported an error during the answer: ${describe(error)}`,
        cause,
      );
    }
    if (status === 429)
      return new ModelError(
        'rate_limited',
        `the model server is rate limiting us (429)${tries}`,
        cause,
      );
    if (status >= 500)
      return new ModelError(
        'server',
        `the model server failed with status ${status}${tries}`,
        cause,
      );
    if (status === 408)
      return new ModelError(
        'timeout',
        `the model server timed out the request (408)${tries}`,
        cause,
      );
    if (status === 401 || status === 403) {
      // The server's text may echo part of the key: leave it out of the message.
      return new ModelError(
        'bad_response',
        `the model server refused our credentials (${status}); check OPENAI_API_KEY`,
        cause,
      );
    }
    if (status === 404) {
      return new ModelError(
        'bad_response',
        `the model server has no such model or endpoint (404): ${describe(error)}`,
        cause,
      );
    }
    return new ModelError(
      'bad_response',
      `the model server rejected the request (${status}): ${describe(error)}`,
      cause,
    );
  }
  if (error instanceof SyntaxError) {
    return new ModelError(
      'bad_response',
      'the model server sent a stream chunk that is not valid JSON',
      cause,
    );
  }
  if (phase === 'stream') {
    return new ModelError(
      'connection',
      `the answer stream broke off in the middle: ${describe(error)}`,
      cause,
    );
  }
  return new ModelError(
    'bad_response',
    `the model call failed unexpectedly: ${describe(error)}`,
    cause,
  );
}

function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s+/g, ' ').trim().slice(0, 200);
}

/** The innermost cause: "connect ECONNREFUSED 127.0.0.1:9" rather than "fetch failed". */
function rootCause(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 5 && current instanceof Error && current.cause !== undefined; depth++)
    current = current.cause;
  return current;
}
