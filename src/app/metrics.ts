import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Answer, Ask } from '../answer/answer-question.js';
import type { AlertCounts } from '../digest/watch-alerts.js';

const SECONDS = [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 30, 60];

/** What an operator can graph (Prometheus text at /metrics); each process has its own registry. */
export interface Metrics {
  registry: Registry;
  /** One interaction or mention handled: its command, how it ended, how long it took. */
  interaction(command: string, outcome: string, latencyMs: number): void;
  /** The same `ask`, counting answers, model calls and fallbacks to the offline model. */
  observeAsk(ask: Ask): Ask;
  /** One digest run (outcome: its kind, or `failed`) or feed fetch (`ok` or `failed`). */
  run(kind: RunKind, outcome: string, seconds: number, error?: string): void;
  /** The last run of that kind in this process, or null when none ran yet. */
  lastRun(kind: RunKind): LastRun | null;
  /** One alerts run: direct messages sent, failed, refused (DMs closed). */
  alerts(counts: AlertCounts): void;
  /** Whether the gateway is connected now (read at each scrape). */
  gatewayConnected(read: () => boolean): void;
}

export type RunKind = 'digest' | 'feed';
export interface LastRun {
  outcome: string;
  at: string;
  seconds: number;
  error?: string;
}

/**
 * Times `work` and records it as a run of `kind` (`failed` when it throws, which it rethrows).
 * The feed scheduler calls it the same way as the digest scheduler does.
 */
export async function observeRun<T>(
  metrics: Metrics | undefined,
  kind: RunKind,
  work: () => Promise<T>,
  outcomeOf: (result: T) => string = () => 'ok',
): Promise<T> {
  if (!metrics) return work();
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  try {
    const result = await work();
    metrics.run(kind, outcomeOf(result), seconds());
    return result;
  } catch (error) {
    metrics.run(kind, 'failed', seconds(), error instanceof Error ? error.message : String(error));
    throw error;
  }
}

export function createMetrics(clock: () => Date): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ app: 'paperbot' });
  collectDefaultMetrics({ register: registry, prefix: 'paperbot_' });
  const interactions = new Counter({
    name: 'paperbot_interactions_total',
    help: 'Interactions and mentions handled, by command and outcome',
    labelNames: ['command', 'outcome'],
    registers: [registry],
  });
  const interactionSeconds = new Histogram({
    name: 'paperbot_interaction_duration_seconds',
    help: 'From receiving an interaction or mention to its last reply',
    labelNames: ['command'],
    buckets: SECONDS,
    registers: [registry],
  });
  const answers = new Counter({
    name: 'paperbot_answers_total',
    help: 'Answers given, by status',
    labelNames: ['status'],
    registers: [registry],
  });
  const answerSeconds = new Histogram({
    name: 'paperbot_answer_duration_seconds',
    help: 'Time to answer a question: search, then the model',
    buckets: SECONDS,
    registers: [registry],
  });
  const modelCalls = new Counter({
    name: 'paperbot_model_calls_total',
    help: 'Answers written by a model, by the model that wrote them',
    labelNames: ['model'],
    registers: [registry],
  });
  const modelSeconds = new Histogram({
    name: 'paperbot_model_duration_seconds',
    help: 'Time spent in the model for one answer (fallback included)',
    buckets: SECONDS,
    registers: [registry],
  });
  const fallbacks = new Counter({
    name: 'paperbot_model_fallbacks_total',
    help: 'Answers the offline model wrote because the configured model failed',
    registers: [registry],
  });
  const runs = (name: string, what: string) => ({
    total: new Counter({
      name: `paperbot_${name}_runs_total`,
      help: `${what} runs, by outcome`,
      labelNames: ['outcome'],
      registers: [registry],
    }),
    seconds: new Histogram({
      name: `paperbot_${name}_run_duration_seconds`,
      help: `How long one ${what.toLowerCase()} run took`,
      buckets: SECONDS,
      registers: [registry],
    }),
  });
  const digests = runs('digest', 'Digest');
  const feeds = runs('feed', 'Feed fetch');
  const alertMessages = new Counter({
    name: 'paperbot_alerts_total',
    help: 'Alert direct messages, by outcome (sent, failed: retried later, dms_closed)',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const last = new Map<RunKind, LastRun>();
  let connected = () => false;
  new Gauge({
    name: 'paperbot_gateway_connected',
    help: '1 when the Discord gateway connection is ready',
    registers: [registry],
    collect() {
      this.set(connected() ? 1 : 0);
    },
  });

  const countAnswer = (answer: Answer) => {
    answers.inc({ status: answer.status });
    answerSeconds.observe(answer.timings.totalMs / 1000);
    if (answer.model === 'none') return;
    modelCalls.inc({ model: answer.model });
    modelSeconds.observe(answer.timings.modelMs / 1000);
    if (answer.notice) fallbacks.inc();
  };
  return {
    registry,
    interaction(command, outcome, latencyMs) {
      interactions.inc({ command, outcome });
      interactionSeconds.observe({ command }, latencyMs / 1000);
    },
    observeAsk: (ask) => async (question, options) => {
      const answer = await ask(question, options);
      countAnswer(answer);
      return answer;
    },
    run(kind, outcome, seconds, error) {
      const { total, seconds: histogram } = kind === 'digest' ? digests : feeds;
      total.inc({ outcome });
      histogram.observe(seconds);
      last.set(kind, {
        outcome,
        at: clock().toISOString(),
        seconds: Math.round(seconds * 1000) / 1000,
        ...(error ? { error } : {}),
      });
    },
    lastRun: (kind) => last.get(kind) ?? null,
    alerts(counts) {
      alertMessages.inc({ outcome: 'sent' }, counts.sent);
      alertMessages.inc({ outcome: 'failed' }, counts.failed);
      alertMessages.inc({ outcome: 'dms_closed' }, counts.dmsClosed);
    },
    gatewayConnected(read) {
      connected = read;
    },
  };
}
