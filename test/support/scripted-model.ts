import { ModelError, type ChatMessage, type ChatModel } from '../../src/llm/chat-model.js';

/** A fake ChatModel: replies from a script, in order, and records every call. */
export function scriptedModel(replies: (string | ModelError)[], name = 'scripted'): ChatModel & { calls: ChatMessage[][] } {
  const calls: ChatMessage[][] = [];
  return {
    name,
    calls,
    async *stream(messages) {
      calls.push(messages);
      const reply = replies[Math.min(calls.length - 1, replies.length - 1)];
      if (reply === undefined) throw new ModelError('bad_response', 'script is empty');
      if (reply instanceof ModelError) throw reply;
      // A few pieces, split mid-citation on purpose.
      for (let i = 0; i < reply.length; i += 7) yield reply.slice(i, i + 7);
    },
  };
}
