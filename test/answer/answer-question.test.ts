import { beforeAll, describe, expect, it } from 'vitest';
import {
  answerQuestion,
  MIN_COVERAGE,
  MIN_EVIDENCE,
  NAMED_MIN_COVERAGE,
  type AnswerDeps,
} from '../../src/answer/answer-question.js';
import { openDatabase } from '../../src/db/open-database.js';
import { ModelError, type ChatModel, type ChatOptions } from '../../src/llm/chat-model.js';
import { createExtractiveModel } from '../../src/llm/extractive-model.js';
import { createRelevance } from '../../src/search/relevance.js';
import { createSearch } from '../../src/search/search-papers.js';
import { ingestPages, NOW, PAGES_DIR } from '../support/library.js';
import { createScriptedModel as scriptedModel } from '../../src/llm/fake-model.js';

let base: Omit<AnswerDeps, 'model'>;
beforeAll(() => {
  const { db } = openDatabase(':memory:');
  ingestPages(db, [PAGES_DIR], { now: NOW });
  base = {
    search: createSearch(db),
    relevance: createRelevance(db),
    fallback: createExtractiveModel(),
  };
});

const QUESTION = 'how do reward models end up preferring longer answers?';

describe('answerQuestion', () => {
  it('GIVEN a model answer with stray and out-of-order citations THEN they are checked and renumbered', async () => {
    const model = scriptedModel([
      'Longer answers win [2]. Reward models are biased [1][2]. Also [17].',
    ]);
    const answer = await answerQuestion({ ...base, model }, QUESTION);
    expect(answer.status).toBe('answered');
    expect(answer.text).toBe('Longer answers win [1]. Reward models are biased [2][1]. Also.');
    expect(answer.citations.map((c) => c.n)).toEqual([1, 2]);
    const prompt = model.calls[0]![1]!.content;
    // Citation 1 of the answer is the prompt's source [2], and so on.
    expect(prompt).toContain(`[2] ${answer.citations[0]!.title}`);
    expect(prompt).toContain(`[1] ${answer.citations[1]!.title}`);
    expect(answer.model).toBe('scripted');
  });

  it('GIVEN a topic the library lacks THEN "not in the library" with nearest titles, and the model is never called', async () => {
    const model = scriptedModel(['should not be used [1]']);
    const answer = await answerQuestion(
      { ...base, model },
      'protein folding from amino acid sequences with quantum annealing',
    );
    expect(answer.status).toBe('not_found');
    expect(answer.citations).toEqual([]);
    expect(answer.text).toMatch(/^The library has nothing on this\./);
    expect(answer.nearest.length).toBeGreaterThan(0);
    expect(model.calls).toHaveLength(0);
  });

  it('GIVEN a question about something the library names nowhere, in words it has THEN "not in the library"; without the name it is answered', async () => {
    const model = scriptedModel([
      'should not be used [1]',
      'Blocks are allocated per request [1].',
    ]);
    const named = await answerQuestion(
      { ...base, model },
      "How does vLLM's PagedAttention allocate KV cache blocks across concurrent requests during LLM inference?",
    );
    expect(named.status).toBe('not_found');
    expect(model.calls).toHaveLength(0);
    const general = await answerQuestion(
      { ...base, model },
      'How do serving systems allocate KV cache blocks across concurrent requests during LLM inference?',
    );
    expect(general.status).toBe('answered');
  });

  it('GIVEN a question naming a method the library has THEN it is answered from that paper', async () => {
    const model = scriptedModel(['It predicts when to stop drafting [1].']);
    const answer = await answerQuestion(
      { ...base, model },
      'How does SpecDec++ choose the draft length during LLM inference?',
    );
    expect(answer.status).toBe('answered');
    expect(answer.citations[0]!.title).toMatch(/^SpecDec\+\+/);
  });

  it('GIVEN a question the library covers well that also names something it lacks THEN it is answered', async () => {
    const model = scriptedModel(['It predicts when to stop drafting [1].']);
    const answer = await answerQuestion(
      { ...base, model },
      'How does SpecDec++ adaptively choose the candidate draft length for speculative decoding on an H200?',
    );
    expect(answer.status).toBe('answered');
    expect(answer.citations[0]!.title).toMatch(/^SpecDec\+\+/);
  });

  it('GIVEN an unknown name that is everyday English by the common-word test THEN it alone does not refuse', async () => {
    const model = scriptedModel(['Blocks are allocated per request [1].']);
    const question =
      'How does ZorbLax allocate KV cache blocks across concurrent requests during LLM inference?';
    const refused = await answerQuestion({ ...base, model }, question);
    expect(refused.status).toBe('not_found');
    const common = await answerQuestion(
      { ...base, model, isCommonWord: (w) => w === 'zorblax' },
      question,
    );
    expect(common.status).toBe('answered');
  });

  it('GIVEN a model answer that cites no source THEN "not in the library", and none of its claim is kept', async () => {
    const model = scriptedModel(['Reward models love length, trust me. See https://evil.example']);
    const answer = await answerQuestion({ ...base, model }, QUESTION);
    expect(answer.status).toBe('not_found');
    expect(answer.text).toBe('The library has nothing on this.');
    expect(answer.citations).toEqual([]);
    expect(answer.model).toBe('scripted');
    expect(model.calls).toHaveLength(1);
  });

  it('GIVEN the model fails after its retries THEN the user gets the extractive answer and one line saying so', async () => {
    const model = scriptedModel([
      new ModelError('server', 'the model server answered 500, even after retrying'),
    ]);
    let reset = 0;
    const answer = await answerQuestion({ ...base, model }, QUESTION, { onReset: () => reset++ });
    expect(answer.status).toBe('answered');
    expect(answer.model).toBe('extractive');
    expect(answer.notice).toMatch(
      /^The language model was unavailable \(the model server answered 500/,
    );
    expect(answer.citations.length).toBeGreaterThan(0);
    expect(reset).toBe(1);
  });

  it('GIVEN a question over 500 characters THEN it is refused with a clear message, no search, no model', async () => {
    const model = scriptedModel(['x [1]']);
    const answer = await answerQuestion({ ...base, model }, 'why '.repeat(130));
    expect(answer.status).toBe('rejected');
    expect(answer.text).toMatch(/at most 500 characters; yours has 519/);
    expect(model.calls).toHaveLength(0);
  });

  it('GIVEN an empty question THEN it is refused', async () => {
    const answer = await answerQuestion({ ...base, model: scriptedModel([]) }, '   ');
    expect(answer).toMatchObject({ status: 'rejected', citations: [] });
  });

  it('GIVEN a streamed answer THEN what streams is exactly the final text', async () => {
    const model = scriptedModel(['Longer answers win [2]. Biased [1][9].']);
    let streamed = '';
    const answer = await answerQuestion({ ...base, model }, QUESTION, {
      onText: (d) => (streamed += d),
    });
    expect(streamed.trim()).toBe(answer.text);
  });

  it('GIVEN a follow-up THEN the previous question shapes the search', async () => {
    const model = scriptedModel(['It is [1].']);
    await answerQuestion({ ...base, model }, 'and which benchmark measures it?', {
      history: [
        {
          question: 'length bias of automatic evaluators like AlpacaEval',
          answer: 'They prefer long outputs [1].',
        },
      ],
    });
    expect(model.calls[0]![1]!.content).toMatch(/AlpacaEval/);
  });

  it('GIVEN the extractive model THEN the same question gives the same bytes every time', async () => {
    const deps = { ...base, model: createExtractiveModel() };
    const first = await answerQuestion(deps, QUESTION);
    const second = await answerQuestion(deps, QUESTION);
    expect(first.status).toBe('answered');
    expect(second.text).toBe(first.text);
    expect(second.citations).toEqual(first.citations);
    expect(first.text).toMatch(/\[1\]/);
  });
});

describe('answerQuestion: cancelling, deadlines and what reaches the model', () => {
  it('GIVEN the request is cancelled THEN the cancellation is rethrown and the fallback model is never asked', async () => {
    const controller = new AbortController();
    controller.abort();
    const model = scriptedModel(['Longer answers win [1].']);
    const fallback = scriptedModel(['Quoted from the abstract [1].'], 'fallback');
    let reset = 0;
    const answering = answerQuestion({ ...base, model, fallback }, QUESTION, {
      signal: controller.signal,
      onReset: () => reset++,
    });
    await expect(answering).rejects.toMatchObject({ name: 'ModelError', kind: 'aborted' });
    expect(model.calls).toHaveLength(1);
    expect(fallback.calls).toHaveLength(0);
    expect(reset).toBe(0);
  });

  it('GIVEN a signal and a deadline THEN the model receives both', async () => {
    const seen: ChatOptions[] = [];
    const model: ChatModel = {
      name: 'recording',
      stream(_messages, options = {}) {
        seen.push(options);
        return (async function* () {
          yield 'Longer answers win [1].';
        })();
      },
    };
    const controller = new AbortController();
    const answer = await answerQuestion({ ...base, model }, QUESTION, {
      signal: controller.signal,
      timeoutMs: 4321,
    });
    expect(answer.status).toBe('answered');
    expect(seen).toHaveLength(1);
    expect(seen[0]!.signal).toBe(controller.signal);
    expect(seen[0]!.timeoutMs).toBe(4321);
  });

  it("GIVEN a question of only common words THEN the search's own message is the answer, rejected, and no model is called", async () => {
    const model = scriptedModel(['should not be used [1]']);
    const answer = await answerQuestion({ ...base, model }, 'what is the paper about?');
    expect(answer).toMatchObject({
      status: 'rejected',
      text: 'Those are all very common words; add a more specific word or two to search for.',
      citations: [],
      nearest: [],
      model: 'none',
    });
    expect(model.calls).toHaveLength(0);
    expect(answer.timings.searchMs).toBeLessThanOrEqual(answer.timings.totalMs + 0.1);
    expect(answer.timings.modelMs).toBe(0);
  });

  it('GIVEN a long, chatty question whose best paper covers little of it but shares several specific words THEN it is answered', async () => {
    const model = scriptedModel(['A regression adjusts for length [1].']);
    const answer = await answerQuestion(
      { ...base, model },
      'is there a fix for auto-graded chatbot leaderboards where a regression model strips out the edge that wordier answers get, estimating the win rate as if both replies were the same size?',
    );
    expect(answer.status).toBe('answered');
    expect(model.calls).toHaveLength(1);
    expect(answer.citations[0]!.title).toMatch(/^Length-Controlled AlpacaEval/);
  });

  it('GIVEN one paper covers the question and the other hits only touch it THEN only that paper is a source in the prompt', async () => {
    const question = 'measuring hate speech on a continuous scale with item response theory';
    const hits = base.search.search(question, { limit: 5 }).hits;
    expect(hits.length).toBeGreaterThan(1);
    const model = scriptedModel(['It scales ratings with item response theory [1].']);
    const answer = await answerQuestion({ ...base, model }, question);
    expect(answer.status).toBe('answered');
    const prompt = model.calls[0]![1]!.content;
    expect(prompt.match(/^\[\d+\] /gm)).toEqual(['[1] ']);
    expect(prompt).toContain(`[1] ${answer.citations[0]!.title}`);
    for (const hit of hits.filter((h) => h.title !== answer.citations[0]!.title))
      expect(prompt).not.toContain(hit.title);
  });
});

describe('answerQuestion: where the sources come from', () => {
  it('GIVEN a retriever THEN it finds the sources, asked for the question and k', async () => {
    const asked: [string, number][] = [];
    const retrieve = (query: string, limit: number) => {
      asked.push([query, limit]);
      return Promise.resolve(base.search.search(query, { limit }));
    };
    const model = scriptedModel(['Longer answers win [1][2].']);
    const answer = await answerQuestion({ ...base, model, retrieve }, QUESTION, { k: 2 });
    expect(asked).toEqual([[QUESTION, 2]]);
    expect(answer.status).toBe('answered');
  });

  it('GIVEN the papers found by words cover nothing THEN "not in the library", however well the papers ranked by meaning look', async () => {
    const found = base.search.search(QUESTION, { limit: 5 });
    expect(found.hits.length).toBeGreaterThan(0);
    const retrieve = () => Promise.resolve({ ...found, lexicalHits: [] });
    const model = scriptedModel(['should not be used [1]']);
    const answer = await answerQuestion({ ...base, model, retrieve }, QUESTION);
    expect(answer.status).toBe('not_found');
    expect(answer.nearest.map((n) => n.title)).toEqual(found.hits.slice(0, 3).map((h) => h.title));
    expect(model.calls).toHaveLength(0);
  });

  it('GIVEN the model fails and the fallback cites nothing THEN "not in the library" still says the model was unavailable', async () => {
    const model = scriptedModel([new ModelError('server', 'the model server answered 503')]);
    const fallback = scriptedModel(['Nothing to cite here.'], 'fallback');
    const answer = await answerQuestion({ ...base, model, fallback }, QUESTION);
    expect(answer).toMatchObject({ status: 'not_found', model: 'fallback', citations: [] });
    expect(answer.notice).toMatch(
      /^The language model was unavailable \(the model server answered 503\)/,
    );
  });
});

describe('answerQuestion: follow-ups that know their sources', () => {
  const FIRST = 'Which papers speed up speculative decoding?';
  async function firstTurn() {
    const answer = await answerQuestion({ ...base, model: createExtractiveModel() }, FIRST);
    expect(answer.citations.length).toBeGreaterThanOrEqual(3);
    return {
      answer,
      history: [{ question: FIRST, answer: answer.text, cited: answer.citations.map((c) => c.id) }],
    };
  }
  const sourceTitles = (model: ReturnType<typeof scriptedModel>) =>
    [...model.calls[0]![1]!.content.matchAll(/^\[\d+\] (.+) \(/gm)].map((m) => m[1]);

  it('GIVEN "[2] …" after an answer citing three papers THEN only paper 2 is offered, and the answer cites it again', async () => {
    const { answer: before, history } = await firstTurn();
    const model = scriptedModel(['It samples drafts without replacement [1].']);
    const answer = await answerQuestion({ ...base, model }, '[2] how do they draft tokens?', {
      history,
    });
    expect(sourceTitles(model)).toEqual([before.citations[1]!.title]);
    expect(answer.status).toBe('answered');
    expect(answer.citations).toEqual([{ ...before.citations[1]!, n: 1 }]);
  });

  it('GIVEN "they" THEN every previous paper that shares the question’s words is offered, none from elsewhere', async () => {
    const { answer: before, history } = await firstTurn();
    const model = scriptedModel(['Speeds up inference [1].']);
    await answerQuestion({ ...base, model }, 'How much do they speed up decoding?', { history });
    const offered = sourceTitles(model);
    expect(offered.length).toBeGreaterThan(0);
    for (const title of offered) expect(before.citations.map((c) => c.title)).toContain(title);
  });

  it('GIVEN a comparison with a paper the answer did not cite THEN that one paper joins the referred one', async () => {
    const { answer: before, history } = await firstTurn();
    const model = scriptedModel(['Both [1][2].']);
    await answerQuestion(
      { ...base, model },
      "How does Medusa's use of several decoding heads compare with the first?",
      { history },
    );
    const offered = sourceTitles(model);
    expect(offered).toHaveLength(2);
    expect(offered[0]).toBe(before.citations[0]!.title);
    expect(offered[1]).toMatch(/^Medusa/);
  });

  it('GIVEN a comparison of the first paper with two the answer did not cite THEN both join it', async () => {
    const { answer: before, history } = await firstTurn();
    const model = scriptedModel(['All three [1][2][3].']);
    await answerQuestion(
      { ...base, model },
      "How do Medusa's decoding heads and Kangaroo's early exiting compare with the first?",
      { history },
    );
    const offered = sourceTitles(model);
    expect(offered[0]).toBe(before.citations[0]!.title);
    // Kangaroo's abstract names Medusa (its baseline): that does not make it the paper on Medusa.
    expect(offered.slice(1).map((t) => t!.split(':')[0])).toEqual(['Kangaroo', 'Medusa']);
  });

  it('GIVEN a follow-up on a new subject THEN the whole library is searched for it alone', async () => {
    const { answer: before, history } = await firstTurn();
    const model = scriptedModel(['Playlists [1].']);
    await answerQuestion({ ...base, model }, 'Which papers recommend music playlists?', {
      history,
    });
    const offered = sourceTitles(model);
    expect(offered[0]).toMatch(/Playlist/);
    for (const c of before.citations) expect(offered).not.toContain(c.title);
  });

  it('GIVEN "which data set did they use?" of a paper whose abstract names none THEN an honest "says nothing", never another paper’s data set, and no model call', async () => {
    const first = 'How do positional encodings affect length generalization?';
    const opening = await answerQuestion({ ...base, model: createExtractiveModel() }, first);
    const paper = opening.citations[0]!;
    expect(paper.title).toMatch(/^The Impact of Positional Encoding/);
    const model = scriptedModel(['should not be used [1]']);
    const answer = await answerQuestion({ ...base, model }, '[1] what data set did they use?', {
      history: [{ question: first, answer: opening.text, cited: [paper.id] }],
    });
    expect(answer).toMatchObject({ status: 'not_found', citations: [], nearest: [] });
    expect(answer.text).toBe(`The abstract of “${paper.title}” says nothing on this.`);
    expect(model.calls).toHaveLength(0);
  });

  it('GIVEN "how fast is the first one?" in words its abstract doesn’t use THEN it is still answered from that paper', async () => {
    const { answer: before, history } = await firstTurn();
    const model = scriptedModel(['Quick [1].']);
    const answer = await answerQuestion({ ...base, model }, 'How quick is the first one?', {
      history,
    });
    expect(sourceTitles(model)).toEqual([before.citations[0]!.title]);
    expect(answer.citations[0]!.id).toBe(before.citations[0]!.id);
  });

  it('GIVEN "[7]" after an answer citing three papers THEN a clear message saying which numbers exist', async () => {
    const { history } = await firstTurn();
    const model = scriptedModel(['x [1]']);
    const answer = await answerQuestion({ ...base, model }, '[7] what data set?', {
      history: [{ ...history[0]!, cited: history[0]!.cited.slice(0, 3) }],
    });
    expect(answer).toMatchObject({ status: 'rejected', citations: [] });
    expect(answer.text).toBe(
      'There is no paper 7 in the previous answer: it cited 3 papers, [1] to [3].',
    );
    expect(model.calls).toHaveLength(0);
  });
});

describe('answerQuestion: a follow-up whose papers left the library', () => {
  it('GIVEN "[1] …" naming a paper id the library no longer has THEN the question is searched afresh', async () => {
    const model = scriptedModel(['Playlists [1].']);
    const answer = await answerQuestion(
      { ...base, model },
      '[1] how do they recommend music playlists?',
      { history: [{ question: 'q', answer: 'a [1]', cited: ['gone0000'] }] },
    );
    expect(answer.status).toBe('answered');
    expect(answer.citations[0]!.title).toMatch(/Playlist/);
  });
});

describe('answerQuestion: what an answer carries', () => {
  it('GIVEN sources with and without an arXiv id, a written date, an inferred year and only the page text THEN each citation carries its own date, flag and link', async () => {
    const found = base.search.search(QUESTION, { limit: 5 });
    expect(found.hits.length).toBeGreaterThanOrEqual(3);
    const [a, b, c] = found.hits;
    const hits = [
      {
        ...a!,
        date: '2024-06-03',
        dateText: 'Jun 3',
        dateYearInferred: true,
        arxivId: '2406.01234',
      },
      {
        ...b!,
        date: '2024-04-05',
        dateText: 'Apr 5, 2024',
        dateYearInferred: false,
        arxivId: null,
      },
      { ...c!, date: null, dateText: 'sometime in spring', dateYearInferred: true, arxivId: null },
    ];
    const retrieve = () => Promise.resolve({ ...found, hits, lexicalHits: hits });
    const model = scriptedModel(['One [1]. Two [2]. Three [3].']);
    const answer = await answerQuestion({ ...base, model, retrieve }, QUESTION);
    expect(answer.status).toBe('answered');
    const cited = new Map(answer.citations.map((x) => [x.id, x]));
    expect(cited.get(a!.id)).toEqual({
      n: 1,
      id: a!.id,
      title: a!.title,
      date: '2024-06-03',
      yearInferred: true,
      link: 'https://arxiv.org/abs/2406.01234',
    });
    expect(cited.get(b!.id)).toEqual({
      n: 2,
      id: b!.id,
      title: b!.title,
      date: '2024-04-05',
      link: `https://arxiv.org/search/?searchtype=title&query=${encodeURIComponent(b!.title)}`,
    });
    // A date the page wrote but no one could read: shown as written, no year to call inferred.
    expect(cited.get(c!.id)).toMatchObject({ n: 3, date: 'sometime in spring' });
    expect(cited.get(c!.id)).not.toHaveProperty('yearInferred');
    expect(answer.nearest).toEqual([]);
  });

  it('GIVEN a model reply with spaces around it THEN the answer text is trimmed', async () => {
    const model = scriptedModel(['  \n Longer answers win [1].  \n']);
    const answer = await answerQuestion({ ...base, model }, QUESTION);
    expect(answer.text).toBe('Longer answers win [1].');
  });

  it('GIVEN no k THEN five sources are asked for; GIVEN a thread THEN only its last question joins the search', async () => {
    const asked: [string, number][] = [];
    const retrieve = (query: string, limit: number) => {
      asked.push([query, limit]);
      return Promise.resolve(base.search.search(query, { limit }));
    };
    const model = scriptedModel(['It is [1].']);
    await answerQuestion({ ...base, model, retrieve }, 'and the benchmark?', {
      history: [
        { question: 'first question about pruning', answer: 'Pruning [1].' },
        { question: 'second question about quantization', answer: 'Quantization [1].' },
        { question: 'length bias of AlpacaEval', answer: 'Long outputs win [1].' },
      ],
    });
    expect(asked).toEqual([['and the benchmark? length bias of AlpacaEval', 5]]);
  });

  it('GIVEN a model that breaks with an unexpected error THEN the extractive model answers and the notice names the error', async () => {
    const model = scriptedModel([new TypeError('stream ended in the middle of a chunk')]);
    const answer = await answerQuestion({ ...base, model }, QUESTION);
    expect(answer.status).toBe('answered');
    expect(answer.model).toBe('extractive');
    expect(answer.notice).toBe(
      'The language model was unavailable (stream ended in the middle of a chunk), so this answer quotes the abstracts directly.',
    );
  });

  it('GIVEN the fallback model itself is the one asked and it fails THEN the failure is thrown, not retried', async () => {
    const model = scriptedModel([new ModelError('server', 'the model server answered 500')]);
    await expect(
      answerQuestion({ ...base, model, fallback: model }, QUESTION),
    ).rejects.toMatchObject({ name: 'ModelError', kind: 'server' });
    expect(model.calls).toHaveLength(1);
  });

  it("GIVEN a model that takes its time THEN the timings are this call's milliseconds, to a tenth", async () => {
    const slow: ChatModel = {
      name: 'slow',
      stream() {
        return (async function* () {
          await new Promise((resolve) => setTimeout(resolve, 40));
          yield 'Longer answers win [1].';
        })();
      },
    };
    const started = performance.now();
    const answer = await answerQuestion({ ...base, model: slow }, QUESTION);
    const elapsed = performance.now() - started;
    const { searchMs, modelMs, totalMs } = answer.timings;
    expect(modelMs).toBeGreaterThanOrEqual(35);
    expect(searchMs).toBeGreaterThan(0);
    expect(totalMs).toBeGreaterThanOrEqual(searchMs + modelMs - 0.2);
    expect(totalMs).toBeLessThanOrEqual(elapsed + 0.1);
    for (const ms of [searchMs, modelMs, totalMs])
      expect(ms * 10).toBeCloseTo(Math.round(ms * 10), 6);
  });
});

describe('answerQuestion: edges', () => {
  it('GIVEN a question refused for its length THEN the answer names it trimmed', async () => {
    const answer = await answerQuestion(
      { ...base, model: scriptedModel([]) },
      `  ${'why '.repeat(130).trim()}  `,
    );
    expect(answer.status).toBe('rejected');
    expect(answer.question).toBe('why '.repeat(130).trim());
  });

  it('GIVEN a question many papers cover alike THEN five sources reach the prompt, or k of them', async () => {
    const question = 'large language models';
    expect(base.search.search(question, { limit: 10 }).hits).toHaveLength(10);
    const sourcesIn = (model: ReturnType<typeof scriptedModel>) =>
      model.calls[0]![1]!.content.match(/^\[\d+\] /gm)!.length;
    const five = scriptedModel(['They are large [1].']);
    await answerQuestion({ ...base, model: five }, question);
    expect(sourcesIn(five)).toBe(5);
    const two = scriptedModel(['They are large [1].']);
    await answerQuestion({ ...base, model: two }, question, { k: 2 });
    expect(sourcesIn(two)).toBe(2);
  });

  it('GIVEN a streamed answer THEN no empty piece is ever sent on', async () => {
    const pieces: string[] = [];
    const model = scriptedModel(['Longer answers win [2]. Biased [1][9]. Done [1].']);
    await answerQuestion({ ...base, model }, QUESTION, { onText: (d) => pieces.push(d) });
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.filter((p) => p === '')).toEqual([]);
  });

  it('GIVEN the fallback itself breaks with an unexpected error THEN a bad_response error carrying it is thrown', async () => {
    const broken = new TypeError('stream ended in the middle of a chunk');
    const model = scriptedModel([broken]);
    const failing = answerQuestion({ ...base, model, fallback: model }, QUESTION);
    await expect(failing).rejects.toMatchObject({ name: 'ModelError', kind: 'bad_response' });
    await expect(failing).rejects.toHaveProperty('cause', broken);
  });
});

describe('answerQuestion: the thresholds, exactly at their lines', () => {
  /** Relevance as given: every hit covers `coverage` with `evidence`; `unknown` names no paper has. */
  const relevanceOf = (
    coverage: (rank: number) => number,
    evidence: number,
    unknown: string[] = [],
  ): AnswerDeps['relevance'] => ({
    cover: (_terms, rowids) =>
      new Map(rowids.map((r, i) => [r, { coverage: coverage(i), evidence, matched: [] }])),
    unmatched: (terms) => terms.filter((t) => unknown.includes(t)),
  });
  const ask = (relevance: AnswerDeps['relevance'], question = QUESTION) => {
    const model = scriptedModel(['Longer answers win [1].']);
    return answerQuestion({ ...base, relevance, model }, question).then((answer) => ({
      answer,
      model,
    }));
  };

  it('GIVEN a best hit covering exactly MIN_COVERAGE, or sharing exactly MIN_EVIDENCE THEN answered', async () => {
    expect((await ask(relevanceOf(() => MIN_COVERAGE, 0))).answer.status).toBe('answered');
    expect((await ask(relevanceOf(() => 0, MIN_EVIDENCE))).answer.status).toBe('answered');
    expect(
      (await ask(relevanceOf(() => MIN_COVERAGE - 0.01, MIN_EVIDENCE - 0.01))).answer.status,
    ).toBe('not_found');
  });

  it('GIVEN an unknown name and a best hit covering exactly NAMED_MIN_COVERAGE THEN answered; a little less THEN not found', async () => {
    const question = 'How does ZorbLax bias reward models toward longer answers?';
    const at = await ask(
      relevanceOf(() => NAMED_MIN_COVERAGE, 5, ['zorblax']),
      question,
    );
    expect(at.answer.status).toBe('answered');
    const below = await ask(
      relevanceOf(() => NAMED_MIN_COVERAGE - 0.01, 5, ['zorblax']),
      question,
    );
    expect(below.answer.status).toBe('not_found');
  });

  it('GIVEN a hit covering exactly a third of the best THEN it is a source; a little less THEN not', async () => {
    const third = await ask(relevanceOf((rank) => (rank === 0 ? 0.9 : 0.3), 5));
    expect(third.model.calls[0]![1]!.content.match(/^\[\d+\] /gm)!.length).toBeGreaterThan(1);
    const less = await ask(relevanceOf((rank) => (rank === 0 ? 0.9 : 0.29), 5));
    expect(less.model.calls[0]![1]!.content.match(/^\[\d+\] /gm)).toEqual(['[1] ']);
  });
});
