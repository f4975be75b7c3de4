import { describe, expect, it } from 'vitest';
import { ModelError, complete, type ChatMessage } from '../../src/llm/chat-model.js';
import { createScriptedModel } from '../../src/llm/fake-model.js';

const ask = (content: string): ChatMessage[] => [{ role: 'user', content }];

describe('scripted fake model', () => {
  it('GIVEN scripted replies THEN each call streams its reply in a few pieces that join back exactly', async () => {
    const model = createScriptedModel([
      'Length bias is a preference for longer answers [1].',
      'ok',
    ]);
    const pieces: string[] = [];
    for await (const piece of model.stream(ask('first'))) pieces.push(piece);
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe('Length bias is a preference for longer answers [1].');
    expect(await complete(model, ask('second'))).toBe('ok');
    expect(model.name).toBe('scripted');
  });

  it('GIVEN calls THEN it records each call’s messages as they were when called', async () => {
    const model = createScriptedModel(['a', 'b']);
    const messages = ask('first');
    await complete(model, messages);
    messages[0]!.content = 'changed afterwards';
    await complete(model, [{ role: 'system', content: 'be brief' }, ...ask('second')]);
    expect(model.calls).toEqual([
      ask('first'),
      [{ role: 'system', content: 'be brief' }, ...ask('second')],
    ]);
  });

  it('GIVEN an Error in the script THEN that call throws it and the next call goes on', async () => {
    const failure = new ModelError('server', 'the model server failed with status 500');
    const model = createScriptedModel([failure, 'recovered']);
    await expect(complete(model, ask('one'))).rejects.toBe(failure);
    expect(await complete(model, ask('two'))).toBe('recovered');
  });

  it('GIVEN more calls than replies THEN a ModelError naming the call', async () => {
    const model = createScriptedModel(['only']);
    await complete(model, ask('one'));
    await expect(complete(model, ask('two'))).rejects.toThrow(/no reply for call 2/);
    expect(model.calls).toHaveLength(2);
  });

  it('GIVEN an aborted signal THEN the call ends as aborted', async () => {
    const model = createScriptedModel(['never read']);
    const error: unknown = await complete(model, ask('q'), { signal: AbortSignal.abort() }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).kind).toBe('aborted');
  });
});
