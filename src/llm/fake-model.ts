import { ModelError, type ChatMessage, type ChatModel, type ChatOptions } from './chat-model.js';

export interface ScriptedModel extends ChatModel {
  /** The messages of every call, in order (copies, as they were at call time). */
  readonly calls: ChatMessage[][];
}

/**
 * A fake ChatModel for tests: call n streams replies[n] in a few chunks, or throws it
 * when it is an Error. More calls than replies is a ModelError naming the call.
 */
export function createScriptedModel(
  replies: Array<string | Error>,
  name = 'scripted',
): ScriptedModel {
  const calls: ChatMessage[][] = [];
  return {
    name,
    calls,
    stream(messages: ChatMessage[], options: ChatOptions = {}) {
      // Recorded now, not on first read, so a call that is never read still counts.
      calls.push(messages.map((m) => ({ ...m })));
      return play(replies[calls.length - 1], calls.length, options.signal);
    },
  };
}

async function* play(
  reply: string | Error | undefined,
  call: number,
  signal: AbortSignal | undefined,
) {
  if (reply === undefined)
    throw new ModelError('bad_response', `the scripted model has no reply for call ${call}`);
  if (reply instanceof Error) throw reply;
  for (const piece of chunks(reply)) {
    if (signal?.aborted)
      throw new ModelError('aborted', 'the request was cancelled', { cause: signal.reason });
    await Promise.resolve(); // each piece arrives in its own turn, as from a real stream
    yield piece;
  }
}

/** Up to three pieces that split at spaces and join back to the exact text. */
function chunks(text: string): string[] {
  const words = text.split(/(?<= )/);
  const size = Math.ceil(words.length / 3);
  const pieces: string[] = [];
  for (let i = 0; i < words.length; i += size) pieces.push(words.slice(i, i + size).join(''));
  return pieces.filter((p) => p !== '');
}
