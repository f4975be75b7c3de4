import { z } from 'zod';
import type { CallGuard } from './call-guard.js';
import { ModelError } from './chat-model.js';

// Minimal shapes: only what we read; unknown fields (usage, logprobs, reasoning) are ignored.
const chunkSchema = z.object({
  choices: z
    .array(
      z.object({
        delta: z.object({ content: z.string().nullish() }).nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .nullish(),
});

const completionSchema = z.object({
  choices: z
    .array(
      z.object({
        message: z.object({ content: z.string().nullish() }),
      }),
    )
    .min(1),
});

/**
 * The deltas of a chat-completions event stream (already split and JSON-decoded by the
 * SDK), each wait for the next chunk under the guard's idle timer. A stream that ends
 * without a finish_reason was cut off, and an answer with no text is no answer.
 */
export async function* readChunks(
  chunks: AsyncIterable<unknown>,
  guard: CallGuard,
): AsyncGenerator<string> {
  const iterator = chunks[Symbol.asyncIterator]();
  let text = '';
  let finished = false;
  try {
    for (;;) {
      const next = await guard.wait(iterator.next(), { idle: true });
      if (next.done) break;
      const chunk = chunkSchema.safeParse(next.value);
      if (!chunk.success)
        throw new ModelError(
          'bad_response',
          'the model server sent a stream chunk of an unexpected shape',
        );
      const choice = chunk.data.choices?.[0];
      if (choice?.finish_reason) finished = true;
      const delta = choice?.delta?.content;
      if (delta) {
        text += delta;
        yield delta;
      }
    }
  } finally {
    // Stops the SDK's reader (and its request) when we leave early; its own errors don't matter here.
    iterator.return?.().catch(() => undefined);
  }
  // The SDK ends the stream quietly when its request is aborted.
  if (guard.reason) throw guard.stoppedError();
  if (!finished)
    throw new ModelError('connection', 'the answer stream ended before the model finished');
  if (text.trim() === '')
    throw new ModelError('bad_response', 'the model server sent an empty answer');
}

/** The answer of a plain JSON chat completion (a server that ignored `stream: true`). */
export async function readCompletion(response: Response, guard: CallGuard): Promise<string> {
  const body = await guard.wait(response.text(), { idle: true });
  const completion = completionSchema.safeParse(parseJson(body));
  if (!completion.success) {
    throw new ModelError(
      'bad_response',
      'the model server sent a response body that is not a chat completion',
    );
  }
  const text = completion.data.choices[0]?.message.content ?? '';
  if (text.trim() === '')
    throw new ModelError('bad_response', 'the model server sent an empty answer');
  return text;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
