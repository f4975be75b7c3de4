import { describe, expect, it } from 'vitest';
import { buildPrompt, type SourcePaper } from '../../src/answer/build-prompt.js';
import { attribute, paperName } from '../../src/llm/extractive/attribution.js';
import {
  asksForFact,
  hasFigure,
  roleOf,
  standalone,
} from '../../src/llm/extractive/sentence-roles.js';
import { extractiveAnswer } from '../../src/llm/extractive-model.js';
import { quantize, vectorTable } from '../../src/search/word-vectors.js';

const source = (title: string, abstract: string): SourcePaper => ({
  id: title.slice(0, 8),
  title,
  date: '2024-05-01',
  abstract,
});
const answer = (
  question: string,
  sources: SourcePaper[],
  vectors?: Parameters<typeof extractiveAnswer>[1],
) => extractiveAnswer(buildPrompt({ question, sources }).messages, vectors);

const SPEC = source(
  'SpecDec++: Boosting Speculative Decoding via Adaptive Candidate Lengths',
  'Speculative decoding reduces the inference latency of a target model via a smaller and faster draft model. However, previous methods often use simple heuristics to choose K, which may result in sub-optimal performance. We augment the draft model with a trained acceptance prediction head to predict the acceptance probability of the candidate tokens. This prevents wasted verification rounds. Our adaptive method achieves a 2.04x speedup on the Alpaca dataset.',
);
const OFF = source(
  'A Study of Coral Reefs',
  'We survey coral reefs in warm seas. Reef health depends on water temperature and light.',
);

describe('the offline answer', () => {
  it('GIVEN a question a paper answers THEN it leads with that paper, says who ("SpecDec++ [1] augments"), and never opens on a sentence leaning on an unseen one', () => {
    const text = answer('how does the draft model decide the candidate length?', [SPEC]);
    expect(text.startsWith('SpecDec++ [1] augments the draft model')).toBe(true);
    expect(text).not.toMatch(/(^|\. )(This|However|We|Our)\b/);
  });

  it('GIVEN a fact question THEN the answer carries the figure', () => {
    const text = answer('what speedup did the adaptive drafting get on Alpaca?', [SPEC]);
    expect(text).toContain('2.04x speedup on the Alpaca dataset');
    expect(text).toContain("SpecDec++'s adaptive method");
  });

  it('GIVEN a source that does not address the question THEN none of its sentences is quoted', () => {
    const text = answer('how does the draft model decide the candidate length?', [SPEC, OFF]);
    expect(text).not.toContain('[2]');
    expect(text).not.toMatch(/coral|reef/i);
  });

  it('GIVEN a fact question whose answer runs over two sentences, the second leaning on the first THEN the first is said once', () => {
    const SAFE = source(
      'Long-form factuality in large language models',
      'We show that the rater agrees with crowdsourced human annotators 72% of the time on a set of 16k facts. At the same time, the rater is more than 20 times cheaper than human annotators.',
    );
    const text = answer(
      'how often does the claim rater agree with human annotators, and how much cheaper is it?',
      [SAFE],
    );
    expect(text).toContain('20 times cheaper');
    expect(text.match(/agrees with crowdsourced human annotators 72%/g)).toHaveLength(1);
  });

  it('GIVEN the same prompt twice THEN the same bytes', () => {
    const question = 'speculative decoding draft model speedup';
    expect(answer(question, [SPEC, OFF])).toBe(answer(question, [SPEC, OFF]));
  });

  it('GIVEN word vectors THEN a sentence saying the question in other words can be the one chosen', () => {
    // "fast" and "quick" near each other; "slow" far from both.
    const words = ['fast', 'quick', 'slow'];
    const data = new Int8Array(3 * 3);
    quantize([1, 0.1, 0], data, 0);
    quantize([0.95, 0.2, 0], data, 3);
    quantize([0, 0, 1], data, 6);
    const vectors = vectorTable(words, data, 3);
    const sources = [
      source(
        'Paper One',
        'The method is slow on long inputs. The decoder runs quick on short inputs.',
      ),
    ];
    expect(answer('is the decoder fast', sources, { vectors })).toMatch(/^The decoder runs quick/);
  });
});

describe('the parts of the offline answer', () => {
  it('GIVEN sentences THEN openers that point elsewhere are refused and droppable connectives dropped', () => {
    expect(standalone('This prevents wasted rounds.')).toBeUndefined();
    expect(standalone('To address this issue, we propose X.')).toBeUndefined();
    expect(standalone('Based on this, experiments show gains.')).toBeUndefined();
    expect(standalone('However, the method is fast.')).toBe('The method is fast.');
    expect(standalone('Specifically, we find gains.')).toBe('We find gains.');
    expect(standalone('We use \\ourMethod here.')).toBeUndefined();
    expect(standalone('It reaches 88.7\\% fewer parameters.')).toBeUndefined();
    expect(standalone('The model reaches 88.7\\% accuracy.')).toBe(
      'The model reaches 88.7% accuracy.',
    );
  });

  it('GIVEN sentences THEN their role and whether they hold a figure', () => {
    expect(roleOf('We propose a new decoder.')).toBe('contribution');
    expect(roleOf('Results show a 2x gain.')).toBe('finding');
    expect(roleOf('However, existing methods are costly.')).toBe('motivation');
    expect(hasFigure('a 2.04x speedup')).toBe(true);
    expect(hasFigure('from 741 to 225 tokens')).toBe(true);
    expect(hasFigure('it gains 4 points on MMLU')).toBe(true);
    expect(hasFigure('up 3 percentage points, or 2 pp on average')).toBe(true);
    expect(hasFigure('scored at 3 checkpoints with 2 pointers')).toBe(false);
    expect(hasFigure('trained in 2023 on GPT-4')).toBe(false);
    expect(asksForFact('how much faster is it?')).toBe(true);
    expect(asksForFact('what speedup did they get')).toBe(true);
    expect(asksForFact('why do models fail on long inputs?')).toBe(false);
  });

  it("GIVEN first-person sentences THEN they are said in the paper's name, verbs in the third person", () => {
    expect(attribute('We propose a decoder.', 'X', 1)).toBe('X [1] proposes a decoder.');
    expect(attribute('We also apply it to chat.', 'X', 2)).toBe('X [2] also applies it to chat.');
    expect(attribute('Empirically, we find that our model wins.', 'X', 1)).toBe(
      'Empirically, X [1] finds that their model wins.',
    );
    expect(attribute('We approach each task.', 'X', 1)).toBe('X [1] approaches each task.');
    expect(attribute('We found gains.', 'X', 1)).toBe('X [1] found gains.');
    expect(attribute('Our method is fast.', 'X', 3)).toBe("X's method is fast. [3]");
    expect(attribute('The method is fast.', 'X', 3)).toBe('The method is fast. [3]');
  });

  it('GIVEN a quote of two sentences whose second opens on "Our" or "We" THEN it opens on the authors, not a bare "Their"', () => {
    expect(attribute('We release D. Our experiments show gains.', 'D', 1)).toBe(
      "D [1] releases D. The authors' experiments show gains.",
    );
    expect(attribute('We release D. We then train on it.', 'D', 1)).toBe(
      'D [1] releases D. The authors then train on it.',
    );
    expect(attribute('Our method is fast. Our code is public.', 'X', 2)).toBe(
      "X's method is fast. The authors' code is public. [2]",
    );
    expect(attribute('Speed is key. We show it.', 'X', 2)).toBe('Speed is key. X [2] shows it.');
    // A quote whose "we" is in its second sentence ("In particular, we…" leans on the first).
    expect(attribute('Our tests pass. In particular, we propose S.', 'D', 1)).toBe(
      "D's tests pass. In particular, D [1] proposes S.",
    );
    expect(attribute('Our tests pass. In particular, we propose S.', '“A Title”', 1)).toBe(
      "The authors' tests pass. In particular, “A Title” [1] proposes S.",
    );
    // A sentence ending in a bracket or a quote before the next one.
    expect(attribute('We release D (CC-BY-4.0). Our tests pass.', 'D', 1)).toBe(
      "D [1] releases D (CC-BY-4.0). The authors' tests pass.",
    );
  });

  it('GIVEN a third-person sentence with "our" THEN its first "our" says whose, unless the paper is named', () => {
    expect(attribute('Experiments show that our method wins.', 'Self-J', 2)).toBe(
      "Experiments show that Self-J's method wins. [2]",
    );
    expect(attribute('Results show our model and our data help.', 'X', 1)).toBe(
      "Results show X's model and their data help. [1]",
    );
    expect(attribute('Results show that our model wins.', '“A Long Title”', 1)).toBe(
      "Results show that the authors' model wins. [1]",
    );
    expect(attribute('Medusa beats our baseline.', 'Medusa', 1)).toBe(
      'Medusa beats their baseline. [1]',
    );
  });

  it('GIVEN titles THEN a paper is named by its coined name, else by its title', () => {
    expect(paperName('SpecDec++: Boosting Speculative Decoding', '')).toBe('SpecDec++');
    expect(
      paperName('Long-form factuality in large language models', 'We propose SAFE, a method.'),
    ).toBe('“Long-form factuality in large language models”');
    expect(paperName('Turning Trash into Treasure with SAFE', 'We propose SAFE, a method.')).toBe(
      'SAFE',
    );
    // An ordinary capitalised word is not a coined name.
    expect(paperName('Token Recycling for LLMs', 'We propose Recycling, a method.')).toBe(
      '“Token Recycling for LLMs”',
    );
  });
});

describe('the prompt fence stays in the prompt', () => {
  // From the bundled pages (Squeezed Attention): the "<" must reach the reader as written.
  const SQUEEZED = source(
    'Squeezed Attention: Accelerating Long Context Length LLM Inference',
    'We propose Squeezed Attention to accelerate long context inference. We have extensively evaluated our method on various long-context benchmarks including LongBench, where it achieves a 3x reduction in KV cache budget without accuracy loss and up to an 8x reduction with <0.5 point accuracy gap for various models.',
  );

  it('GIVEN an abstract with "<0.5 point" THEN the prompt fences it and the answer quotes it as written', () => {
    const prompt = buildPrompt({
      question: 'how much accuracy gap at 8x KV cache reduction?',
      sources: [SQUEEZED],
    });
    const user = prompt.messages.find((m) => m.role === 'user')!.content;
    expect(user).toContain('‹0.5 point accuracy gap');
    expect(user).not.toContain('<0.5');
    const text = extractiveAnswer(prompt.messages);
    expect(text).toContain('<0.5 point accuracy gap');
    expect(text).not.toContain('‹');
  });
});
