import { readFileSync } from 'node:fs';
import { answerQuestion, type Ask } from '../answer/answer-question.js';
import { comparePapers, type Compare } from '../answer/compare-papers.js';
import type { Config } from '../config.js';
import { createDigestStore, type DigestStore, type Subscription } from '../db/digest-store.js';
import type { Summarize } from '../digest/digest-content.js';
import { createDigestService, type DigestService } from '../digest/digest-service.js';
import { runChannelDigest, type DigestDeps, type DigestOutcome } from '../digest/run-digest.js';
import { createSummarizer } from '../digest/summarize.js';
import { createWatchAlerts, type SendAlert, type WatchAlerts } from '../digest/watch-alerts.js';
import { createWatches, type Watches } from '../digest/watches.js';
import { createAlertSender } from '../discord/send-alert.js';
import type { Logger } from 'pino';
import { createWatchStore, type WatchStore } from '../db/watch-store.js';
import { createDigestPoster } from '../discord/post-digest.js';
import type { ChatModel } from '../llm/chat-model.js';
import { createModel } from '../llm/create-model.js';
import { createExtractiveModel } from '../llm/extractive-model.js';
import { createRelevance } from '../search/relevance.js';
import { createSimilar, type Similar } from '../search/similar-papers.js';
import { createBundledEmbedder, createServerEmbedder, type Embedder } from '../llm/embedder.js';
import { createFusedSearch } from '../search/fused-search.js';
import { createPaperVectors } from '../search/paper-vectors.js';
import type { SearchResponse } from '../search/search-papers.js';
import { loadVectorTable, type VectorTable } from '../search/word-vectors.js';
import type { Library } from './open-library.js';
import { bundledVectorFiles } from './project-paths.js';

/** Everything the surfaces (bot, CLI, eval) use, built once from the settings and the library. */
export interface Services {
  config: Config;
  library: Library;
  clock: () => Date;
  similar: Similar;
  /** The answer pipeline: search, relevance, the configured model, the offline fallback. */
  ask: Ask;
  /** Two papers side by side; the closing sentence from the model when one is configured. */
  compare: Compare;
  /** How answers find their sources: by words and meaning, fused (or words alone when off). */
  retrieve(query: string, limit: number): Promise<SearchResponse>;
  /**
   * Embeds up to `max` papers that have no vector yet, `batch` at a time (each batch holds
   * the thread for about 85 ms a paper: keep it small where interactions wait), and returns
   * how many it did. Until then such papers are found by their words.
   */
  fillVectors(options: { max: number; batch?: number }): Promise<number>;
  /** The digest's one sentence per paper: the model's when one is configured. */
  summarize: Summarize;
  digestStore: DigestStore;
  digests: DigestService;
  watchStore: WatchStore;
  /** /watch add, list, remove. */
  watches: Watches;
  /**
   * Alerts on new papers: `run` sends direct messages (to Discord over REST; throws when
   * DISCORD_TOKEN is not set and one is due), `preview` records and sends nothing.
   */
  alerts(log: Logger): WatchAlerts;
  /**
   * Posts one channel's digest for a local day, exactly once (to Discord over REST).
   * Throws when DISCORD_TOKEN is not set.
   */
  runDigest(subscription: Subscription, localDate: string): Promise<DigestOutcome>;
}

export interface ComposeOptions {
  clock?: () => Date;
  /** In place of the configured model (tests: a scripted fake). */
  model?: ChatModel;
  /** In place of the Discord poster (tests: a fake channel). */
  postDigest?: DigestDeps['post'];
  /** With postDigest: how a retried run finds its message already posted. */
  findPosted?: DigestDeps['findPosted'];
  /** In place of the Discord direct messages of alerts (tests: a fake). */
  sendAlert?: SendAlert;
  /** In place of the bundled sentence encoder (tests: a fake). */
  embedder?: Embedder;
}

/** The one composition root: how the parts are wired, for every surface. */
export function compose(config: Config, library: Library, options: ComposeOptions = {}): Services {
  const clock = options.clock ?? (() => new Date());
  // Read on the first offline answer, not at start-up (search never needs them).
  const vectors = bundledVectors;
  const model = options.model ?? createModel(config, undefined, { vectors });
  const embedder =
    options.embedder ??
    (config.embeddings
      ? createServerEmbedder({
          baseURL: config.embeddings.baseUrl,
          model: config.embeddings.model,
          ...(config.embeddings.apiKey ? { apiKey: config.embeddings.apiKey } : {}),
        })
      : createBundledEmbedder());
  const paperVectors = createPaperVectors(library.db, embedder.name);
  const fused = createFusedSearch({ search: library.search, vectors: paperVectors, embedder });
  const retrieve = async (query: string, limit: number) =>
    config.semanticSearch
      ? fused.search(query, { limit })
      : library.search.search(query, { limit });
  const answerDeps = {
    search: library.search,
    retrieve,
    relevance: createRelevance(library.db),
    model,
    fallback: createExtractiveModel({ vectors }),
    isCommonWord: (word: string) => commonWords().has(word),
  };
  const summarize = createSummarizer(config.llmProvider === 'openai' ? model : undefined);
  const digestStore = createDigestStore(library.db);
  const watchStore = createWatchStore(library.db);
  let poster: Pick<DigestDeps, 'post' | 'findPosted'> | undefined = options.postDigest
    ? {
        post: options.postDigest,
        ...(options.findPosted ? { findPosted: options.findPosted } : {}),
      }
    : undefined;
  return {
    config,
    library,
    clock,
    similar: createSimilar(library.db, library.search),
    ask: (question, answerOptions) => answerQuestion(answerDeps, question, answerOptions),
    compare: (first, second, aspect) =>
      comparePapers(
        { model: config.llmProvider === 'openai' ? model : undefined, vectors },
        first,
        second,
        aspect,
      ),
    retrieve,
    async fillVectors({ max, batch = 8 }) {
      let done = 0;
      while (done < max) {
        const papers = paperVectors.missing(Math.min(batch, max - done));
        if (papers.length === 0) break;
        const vectors = await embedder.embed(papers.map((p) => `${p.title}. ${p.abstract}`));
        paperVectors.put(papers.map((p, i) => ({ rowid: p.rowid, vector: vectors[i]! })));
        done += papers.length;
        // Let whatever else waits on the event loop run between batches.
        await new Promise((resolve) => setImmediate(resolve));
      }
      return done;
    },
    summarize,
    digestStore,
    digests: createDigestService({
      db: library.db,
      store: digestStore,
      clock,
      defaults: config,
      summarize,
    }),
    watchStore,
    watches: createWatches({ store: watchStore, clock }),
    alerts(log) {
      let send = options.sendAlert;
      return createWatchAlerts({
        db: library.db,
        store: watchStore,
        summarize,
        log,
        send: (...args) => (send ??= discordAlertSender(config))(...args),
      });
    },
    runDigest(subscription, localDate) {
      poster ??= discordPoster(config);
      return runChannelDigest(
        { db: library.db, store: digestStore, summarize, ...poster, clock },
        subscription,
        localDate,
      );
    },
  };
}

let common: Set<string> | undefined;
/**
 * Everyday English: the 5,000 most frequent words of GloVe's vocabulary, which the bundled
 * table's word list starts with (data/vectors/README.md). Read once per process.
 */
function commonWords(): Set<string> {
  return (common ??= new Set(
    readFileSync(bundledVectorFiles().words, 'utf8').split('\n', COMMON_WORDS),
  ));
}
const COMMON_WORDS = 5000;

let bundled: VectorTable | undefined;
/** The bundled word vectors, read once per process (2 MB). */
function bundledVectors(): VectorTable {
  const files = bundledVectorFiles();
  return (bundled ??= loadVectorTable(files.words, files.vectors, files.dimensions));
}

function discordPoster(config: Config): Pick<DigestDeps, 'post' | 'findPosted'> {
  if (!config.discordToken) throw new Error('posting a digest needs DISCORD_TOKEN');
  const poster = createDigestPoster({
    token: config.discordToken,
    ...(config.discordApiUrl ? { apiUrl: config.discordApiUrl } : {}),
  });
  return { post: poster.post, findPosted: poster.findPosted };
}

function discordAlertSender(config: Config): SendAlert {
  if (!config.discordToken) throw new Error('sending alerts needs DISCORD_TOKEN');
  return createAlertSender({
    token: config.discordToken,
    ...(config.discordApiUrl ? { apiUrl: config.discordApiUrl } : {}),
  });
}
