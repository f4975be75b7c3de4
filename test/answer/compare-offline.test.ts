import { describe, expect, it } from 'vitest';
import { compareOffline, checkAspect, checkRequest } from '../../src/answer/compare-offline.js';
import { UserFacingError } from '../../src/errors.js';

const draft = {
  id: 'aaaaaaaa',
  title: 'DraftSpec: Faster Decoding with Tiny Drafters',
  arxivId: '2401.00001',
  abstract:
    'Large language models are slow at inference time. ' +
    'We propose DraftSpec, a speculative decoding scheme in which a tiny drafter proposes tokens. ' +
    'We evaluate on the MT-Bench and GSM8K benchmarks. ' +
    'DraftSpec reaches a 2.5x speed-up over plain decoding without changing the output.',
};
const reward = {
  id: 'bbbbbbbb',
  title: 'Reward Models Prefer Verbose Answers',
  arxivId: null,
  abstract:
    'Reward models are widely used to align chat assistants. ' +
    'We show that reward models systematically prefer longer answers regardless of quality. ' +
    'This holds for every model we study.',
};

describe('compareOffline', () => {
  it('GIVEN two abstracts THEN each row says what each does, its data and its result, attributed and cited [1] / [2]', () => {
    const c = compareOffline(draft, reward);
    expect(c.rows.map((r) => r.row)).toEqual(['does', 'data', 'result']);
    const [does, data, result] = c.rows;
    // The contribution sentence, not the motivation before it, and "we" becomes the paper.
    expect(does!.first).toBe(
      'DraftSpec [1] proposes DraftSpec, a speculative decoding scheme in which a tiny drafter proposes tokens.',
    );
    expect(data!.first).toBe('DraftSpec [1] evaluates on the MT-Bench and GSM8K benchmarks.');
    expect(result!.first).toBe(
      'DraftSpec reaches a 2.5x speed-up over plain decoding without changing the output. [1]',
    );
    expect(does!.second).toBe(
      '“Reward Models Prefer Verbose Answers” [2] shows that reward models systematically prefer longer answers regardless of quality.',
    );
    expect(c.papers).toEqual([
      { n: 1, id: 'aaaaaaaa', title: draft.title, link: 'https://arxiv.org/abs/2401.00001' },
      {
        n: 2,
        id: 'bbbbbbbb',
        title: reward.title,
        link: expect.stringMatching(
          /^https:\/\/arxiv\.org\/search\/\?searchtype=title&query=Reward/,
        ),
      },
    ]);
  });

  it('GIVEN an abstract naming no data set and no figure THEN those lines say so instead of inventing one', () => {
    const c = compareOffline(draft, reward);
    expect(c.rows[1]!.second).toBe(
      '“Reward Models Prefer Verbose Answers” [2]: the abstract names no data set.',
    );
    expect(c.rows[2]!.second).toBe(
      '“Reward Models Prefer Verbose Answers” [2]: the abstract reports no numeric result.',
    );
  });

  it("GIVEN data named only in the motivation (others' benchmarks) THEN the data line says the abstract names none", () => {
    const others = {
      ...reward,
      abstract: `Existing benchmarks such as MT-Bench measure chat quality. ${reward.abstract}`,
    };
    expect(compareOffline(draft, others).rows[1]!.second).toMatch(
      /the abstract names no data set\.$/,
    );
  });

  it('GIVEN the only figure in a sentence that leans on unseen context THEN it is not quoted', () => {
    const leaning = {
      ...reward,
      abstract: `${reward.abstract} This raises win rates by 12% on AlpacaEval.`,
    };
    const c = compareOffline(draft, leaning);
    expect(JSON.stringify(c.rows)).not.toMatch(/This raises|12%/);
    expect(c.rows[2]!.second).toMatch(/reports no numeric result/);
  });

  it('GIVEN the figure only in the contribution sentence THEN the result line quotes it again rather than say there is none', () => {
    const one = {
      ...reward,
      abstract: 'We propose LenFix, which cuts the length bias of reward models by 40%.',
    };
    const c = compareOffline(draft, one);
    expect(c.rows[0]!.second).toMatch(/by 40%\. \[2\]$|by 40%\.$/);
    expect(c.rows[2]!.second).toBe(c.rows[0]!.second);
  });

  it('GIVEN a contribution sentence that also names data, and another data sentence THEN the data row shows the other', () => {
    const both = {
      ...draft,
      abstract:
        'We propose DraftSpec, trained on the Pile corpus. We evaluate on the GSM8K benchmark.',
    };
    const c = compareOffline(both, reward);
    expect(c.rows[0]!.first).toMatch(/trained on the Pile corpus/);
    expect(c.rows[1]!.first).toBe('DraftSpec [1] evaluates on the GSM8K benchmark.');
  });

  it('GIVEN a figure in a sentence about the data and one in a result sentence THEN the result line quotes the result', () => {
    const sized = {
      ...draft,
      abstract:
        'We propose DraftSpec. We evaluate on the GSM8K benchmark. On a benchmark of 5,000 prompts, DraftSpec improves accuracy. DraftSpec is 3x faster than the baseline.',
    };
    expect(compareOffline(sized, reward).rows[2]!.first).toBe(
      'DraftSpec is 3x faster than the baseline. [1]',
    );
  });

  it('GIVEN an aspect THEN a first row quotes what each says on it, or says it says nothing', () => {
    const c = compareOffline(draft, reward, '  speed ');
    expect(c.aspect).toBe('speed');
    expect(c.rows.map((r) => [r.row, r.label])).toEqual([
      ['aspect', 'On speed'],
      ['does', 'What it does'],
      ['data', 'Data'],
      ['result', 'Headline result'],
    ]);
    expect(c.rows[0]).toEqual({
      row: 'aspect',
      label: 'On speed',
      first:
        'DraftSpec reaches a 2.5x speed-up over plain decoding without changing the output. [1]',
      second: '“Reward Models Prefer Verbose Answers” [2]: the abstract says nothing on speed.',
    });
  });

  it('GIVEN an aspect THEN it decides between sentences that fit a row equally', () => {
    const two = {
      ...draft,
      abstract:
        'We propose DraftSpec, a speculative decoding scheme. We also introduce a cache that saves memory on long prompts.',
    };
    expect(compareOffline(two, reward).rows[0]!.first).toMatch(/speculative decoding scheme/);
    const focused = compareOffline(two, reward, 'memory');
    expect(focused.rows.find((r) => r.row === 'does')!.first).toMatch(/cache that saves memory/);
  });

  it('GIVEN the same paper twice THEN it is refused with a short message', () => {
    expect(() => compareOffline(draft, { ...draft })).toThrow(
      new UserFacingError(`Pick two different papers: both are “${draft.title}”.`),
    );
  });

  it('GIVEN an aspect with no word, or too long THEN a clear message says why', () => {
    expect(() => checkAspect('?!')).toThrow(/has no word to look for/);
    expect(() => checkAspect('x'.repeat(101))).toThrow(
      'The aspect is at most 100 characters (it has 101).',
    );
    expect(checkAspect('x'.repeat(100))).toHaveLength(100);
    expect(checkAspect('   ')).toBeUndefined();
  });
});

describe('the offline closing sentence', () => {
  it('GIVEN two abstracts THEN it names the words only each uses, what they share, and which gives a figure', () => {
    const c = compareOffline(draft, reward);
    expect(c.difference).toBe(
      'DraftSpec [1] centres on draftspec, decoding and tiny; “Reward Models Prefer Verbose Answers” [2] on reward, prefer and answers. ' +
        'Only [1] gives a figure in its abstract.',
    );
    expect(compareOffline(draft, reward).difference).toBe(c.difference);
  });

  it('GIVEN a word in the title THEN it weighs three times one in the abstract', () => {
    const titled = {
      ...reward,
      id: 'dddddddd',
      title: 'Zeta: Sparse Routing',
      abstract: 'We study caching and caching policies.',
    };
    expect(compareOffline(titled, draft).difference).toMatch(
      /^Zeta \[1\] centres on zeta, sparse and routing;/,
    );
  });

  it('GIVEN shared words and no figure on either side THEN it says both and neither', () => {
    const a = {
      ...reward,
      id: 'cccccccc',
      title: 'Length Bias in Reward Models',
      abstract: 'We measure the length bias of reward models for chat assistants.',
    };
    const c = compareOffline(a, reward);
    expect(c.difference).toMatch(
      /^“Length Bias in Reward Models” \[1\] centres on length, bias and measure; .+ \[2\] on prefer, answers and verbose\. Both deal with reward and chat\./,
    );
    expect(c.difference).toMatch(/Neither abstract gives a figure\.$/);
  });
});

describe('compareOffline: which sentence each row quotes', () => {
  const zeta = (abstract: string) => ({
    id: 'cccccccc',
    title: 'Zeta: Sparse Routing',
    arxivId: null,
    abstract,
  });
  const rows = (abstract: string) =>
    compareOffline(zeta(abstract), reward).rows.map((r) => r.first);

  it('GIVEN an abstract of motivation and sentences leaning on others THEN every row says what it lacks', () => {
    expect(rows('Large language models are slow. This is hard. This matters.')).toEqual([
      'Zeta [1]: the abstract states no contribution on its own.',
      'Zeta [1]: the abstract names no data set.',
      'Zeta [1]: the abstract reports no numeric result.',
    ]);
  });

  it('GIVEN a run-on sentence over 400 characters THEN it is never quoted', () => {
    const long = `We propose Zeta, ${'a router that weighs every token, '.repeat(12)}and it is sparse.`;
    expect(long.length).toBeGreaterThan(400);
    expect(rows(long)[0]).toBe('Zeta [1]: the abstract states no contribution on its own.');
  });

  it('GIVEN the ways an abstract names its data THEN the data row quotes that sentence', () => {
    for (const [sentence, piece] of [
      ['We build three corpora of legal text.', 'three corpora'],
      ['Models were pre-trained on the Pile.', 'the Pile'],
      ['We collected dialogues from clinics.', 'dialogues from clinics'],
      ['We release annotated transcripts.', 'annotated transcripts'],
      ['We use synthetic data from GPT-4.', 'synthetic data'],
      ['Experiments on ImageNet confirm the gain.', 'ImageNet'],
      ['Zeta was validated on two hospitals.', 'two hospitals'],
      ['We train on a new dataset of receipts.', 'receipts'],
      ['Zeta was pretrained on Common Crawl.', 'Common Crawl'],
      ['One experiment on CIFAR-10 uses five seeds.', 'CIFAR-10'],
      ['The result on SQuAD holds for all sizes.', 'SQuAD'],
      ['Zeta was finetuned on court rulings.', 'court rulings'],
      ['Zeta was trained mostly on receipts.', 'mostly on receipts'],
    ] as const) {
      const data = rows(`We propose Zeta, a sparse router. ${sentence}`)[1]!;
      expect(data, sentence).toContain(piece);
    }
  });

  it('GIVEN a figure with words of an outcome THEN the result row quotes it', () => {
    for (const sentence of [
      'Zeta cuts latency by 30%.',
      'Zeta surpasses dense routing by 12%.',
      'Zeta lowers memory use by 2.5x.',
      'Zeta is 3x faster than dense routing.',
      'Routing accuracy rises to 91.2%.',
      'Zeta brings a gain of 3 points.',
    ]) {
      const result = rows(`We propose Zeta, a sparse router. ${sentence}`)[2]!;
      expect(result, sentence).toContain(sentence.slice(0, -1));
    }
  });

  it('GIVEN "we" and a hyphenated verb THEN the whole verb is said of the paper', () => {
    expect(rows('We fine-tuned Zeta on legal text.')[0]).toBe(
      'Zeta [1] fine-tuned Zeta on legal text.',
    );
    expect(rows('We co-design a sparse router.')[0]).toBe('Zeta [1] co-designs a sparse router.');
  });

  it('GIVEN a figure in a sentence that reports no outcome THEN no result is quoted', () => {
    expect(rows('We propose Zeta, a sparse router. Zeta routes among 64 experts.')[2]).toBe(
      'Zeta [1]: the abstract reports no numeric result.',
    );
    expect(rows('We propose Zeta, a sparse router. Zeta routes 1,024 tokens per step.')[2]).toBe(
      'Zeta [1]: the abstract reports no numeric result.',
    );
  });

  it('GIVEN a finding with a figure and no word of an outcome THEN the result row quotes it', () => {
    expect(
      rows('We propose Zeta, a sparse router. We find that 40% of prompts are ambiguous.')[2],
    ).toBe('Zeta [1] finds that 40% of prompts are ambiguous.');
  });

  it('GIVEN a sentence of exactly 400 characters THEN it may be quoted; a longer one THEN not', () => {
    // "We propose Zeta, a router" and " x" to the length, then the full stop.
    const sentence = (length: number) => {
      const start = 'We propose Zeta, a router';
      return `${start}${' x'.repeat((length - start.length - 1) / 2)}.`;
    };
    expect(sentence(400).length).toBe(400);
    expect(rows(sentence(400))[0]).toBe(`Zeta [1] proposes${sentence(400).slice(10)}`);
    expect(sentence(402).length).toBe(402);
    expect(rows(sentence(402))[0]).toBe(
      'Zeta [1]: the abstract states no contribution on its own.',
    );
  });
});

describe('checkRequest and checkAspect: what cannot be compared', () => {
  it('GIVEN the same paper twice with a very long title THEN the message quotes its first 150 characters', () => {
    const title = `${'T'.repeat(150)}${'U'.repeat(50)}`;
    expect(() => checkRequest({ id: 'a', title }, { id: 'a' }, undefined)).toThrow(
      `Pick two different papers: both are “${'T'.repeat(150)}”.`,
    );
  });

  it('GIVEN an aspect with runs of spaces and line breaks THEN it is used with single spaces', () => {
    expect(checkAspect('  data \n  sets  ')).toBe('data sets');
    expect(checkRequest({ id: 'a', title: 'A' }, { id: 'b' }, ' speed ')).toBe('speed');
  });
});
