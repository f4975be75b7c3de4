/**
 * Multi-word expressions that name no topic: a question's framing, not what it is about
 * ("what is the state of the art in…", "… as well as …"). Their words are kept out of the
 * query as a whole, so that "state" and "art" no longer match papers on states or art;
 * the same words elsewhere in a question still count. Hyphens separate words, so
 * "state-of-the-art" is the same expression.
 */
// ("in this paper", "such as", "a lot of" are stop words through and through already.)
const NO_TOPIC = [
  'state of the art',
  'as well as',
  'in order to',
  'with respect to',
  'in terms of',
  'on the other hand',
];

const EXPRESSIONS = NO_TOPIC.map((e) => e.split(' '));

/**
 * Which of `words` (lower case, in order) belong to an expression that names no topic:
 * a mask, true for each word to leave out.
 */
export function noTopicWords(words: readonly string[]): boolean[] {
  const out = words.map(() => false);
  for (let i = 0; i < words.length; i++) {
    for (const expression of EXPRESSIONS) {
      if (expression.every((word, j) => words[i + j] === word)) {
        for (let j = 0; j < expression.length; j++) out[i + j] = true;
      }
    }
  }
  return out;
}

/**
 * Expressions that name one thing, whose words apart mean something else ("large language
 * models" is a topic; "large", "language" and "models" are in most abstracts). The ranking
 * counts a paper that has the expression itself beside its words (./surface-agreement.ts).
 * Singular forms: a plural or other ending still matches ("language models").
 */
const TOPICS = [
  'large language model',
  'language model',
  'reinforcement learning',
  'machine learning',
  'deep learning',
  'neural network',
  'chain of thought',
  'in context learning',
  'long context',
  'context window',
  'fine tuning',
  'instruction tuning',
  'instruction following',
  'reward model',
  'text generation',
  'question answering',
  'preference optimization',
  'speculative decoding',
  'retrieval augmented generation',
  'knowledge distillation',
  'mixture of experts',
  'state space model',
  'positional encoding',
  'length generalization',
  'scaling law',
  'self supervised learning',
  'natural language processing',
  'recommender system',
  'text classification',
  'zero shot',
  'few shot',
].map((e) => e.split(' '));

/**
 * The topic expressions in `words` (lower case, in order), each as the words the text used
 * ("large language models"); one inside another found before it ("language models") is not
 * counted again.
 */
export function topicExpressions(words: readonly string[]): string[][] {
  const found: string[][] = [];
  let coveredTo = 0;
  for (let i = 0; i < words.length; i++) {
    for (const expression of TOPICS) {
      const typed = words.slice(i, i + expression.length);
      if (typed.length < expression.length || i + typed.length <= coveredTo) continue;
      if (typed.every((w, j) => sameStart(w, expression[j]!))) {
        found.push(typed);
        coveredTo = i + typed.length;
      }
    }
  }
  return found;
}

/** "models" for "model", "networks" for "network": the typed word extends the listed one by an ending. */
function sameStart(typed: string, listed: string): boolean {
  return typed.startsWith(listed) && typed.length - listed.length <= 3;
}
