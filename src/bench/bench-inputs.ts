import { bundledPagesDir } from '../app/project-paths.js';
import { WARMUP_QUESTIONS, type BenchOptions } from './bench-options.js';
import type { EngineRun } from './engine-run.js';
import { benchQuestions, longBenchQuestions } from './questions.js';
import { realChatQuestions } from './real-questions.js';
import { createSyntheticCorpus } from './synthetic-corpus.js';
import { learnTextModel, type TextModel } from './text-model.js';

/**
 * Everything an engine is given, rebuilt from the options alone: the parent and each
 * engine's process compute the same corpus and questions from the same seed.
 */
export function benchInputs(
  options: BenchOptions,
  progress: (line: string) => void,
): EngineRun & { model: TextModel } {
  const model = learnTextModel(bundledPagesDir());
  const corpus = createSyntheticCorpus(model, options.seed, { arxivIds: options.arxivIds });
  const all = benchQuestions(
    corpus,
    options.seed,
    options.size,
    WARMUP_QUESTIONS + options.questions,
  );
  return {
    model,
    corpus,
    size: options.size,
    batch: options.batch,
    warmup: all.slice(0, WARMUP_QUESTIONS),
    questions: all.slice(WARMUP_QUESTIONS),
    longQuestions: longBenchQuestions(corpus, options.seed, options.size, options.longQuestions),
    realQuestions: realChatQuestions(),
    seed: options.seed,
    progress,
  };
}
