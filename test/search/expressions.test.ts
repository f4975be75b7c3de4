import { describe, expect, it } from 'vitest';
import { noTopicWords, topicExpressions } from '../../src/search/expressions.js';

const words = (text: string) => text.split(' ');

describe('expressions that frame a question', () => {
  it('GIVEN a framing expression THEN exactly its words are left out, wherever it is', () => {
    expect(noTopicWords(words('the state of the art as well as pruning'))).toEqual([
      false,
      true,
      true,
      true,
      true,
      true,
      true,
      true,
      false,
    ]);
    expect(noTopicWords(words('pruning in order to'))).toEqual([false, true, true, true]);
  });

  it('GIVEN each framing expression THEN all its words are left out, and the words around it are kept ("art" too)', () => {
    for (const framing of [
      'state of the art',
      'as well as',
      'in order to',
      'with respect to',
      'in terms of',
      'on the other hand',
    ]) {
      const mask = noTopicWords(words(`pruning ${framing} art`));
      expect(mask.slice(1, -1).every(Boolean), framing).toBe(true);
      expect([mask[0], mask.at(-1)], framing).toEqual([false, false]);
    }
  });

  it('GIVEN an expression cut short by the end of the text THEN nothing is left out', () => {
    expect(noTopicWords(words('pruning state of the'))).toEqual([false, false, false, false]);
    expect(noTopicWords([])).toEqual([]);
  });
});

describe('expressions that name one thing', () => {
  it('GIVEN an expression with an ending of up to three letters THEN it is found as typed; a longer ending is another word', () => {
    expect(topicExpressions(words('reward models and neural networks'))).toEqual([
      ['reward', 'models'],
      ['neural', 'networks'],
    ]);
    expect(topicExpressions(words('reward modeling'))).toEqual([['reward', 'modeling']]);
    expect(topicExpressions(words('reward modelling'))).toEqual([]);
    expect(topicExpressions(words('scaling laws'))).toEqual([['scaling', 'laws']]);
  });

  it('GIVEN one expression inside another THEN only the longer one; GIVEN two that overlap or follow each other THEN both', () => {
    expect(topicExpressions(words('large language models'))).toEqual([
      ['large', 'language', 'models'],
    ]);
    expect(topicExpressions(words('long context window'))).toEqual([
      ['long', 'context'],
      ['context', 'window'],
    ]);
    expect(topicExpressions(words('zero shot few shot'))).toEqual([
      ['zero', 'shot'],
      ['few', 'shot'],
    ]);
  });

  it('GIVEN an expression cut short by the end of the text THEN it is not found', () => {
    expect(topicExpressions(words('about the mixture of'))).toEqual([]);
    expect(topicExpressions([])).toEqual([]);
  });
});
