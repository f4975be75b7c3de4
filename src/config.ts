import { Cron } from 'croner';
import { z } from 'zod';

const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord id (17–20 digits)');
const url = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2025-06-18');
const blankToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess(blankToUndefined, schema.optional());

const EnvSchema = z.object({
  DISCORD_TOKEN: optional(z.string()),
  DISCORD_CLIENT_ID: optional(snowflake),
  DISCORD_GUILD_ID: optional(snowflake),
  DISCORD_API_URL: optional(url),
  OPENAI_API_KEY: optional(z.string()),
  OPENAI_BASE_URL: optional(url),
  LLM_MODEL: optional(z.string()),
  LLM_PROVIDER: optional(z.enum(['openai', 'extractive'])),
  DB_PATH: optional(z.string()),
  DIGEST_CHANNEL_ID: optional(snowflake),
  DIGEST_CRON: optional(
    z.string().refine(isCron, 'must be a cron pattern such as "30 8 * * *" (08:30 every day)'),
  ),
  DIGEST_TZ: optional(
    z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Paris'),
  ),
  HF_BASE_URL: optional(url),
  HF_DAILY: optional(z.enum(['on', 'off'])),
  DISCORD_SHARDS: optional(
    z
      .string()
      .regex(/^(auto|[1-9]\d{0,3})$/, 'must be "auto" or a number of shards from 1 to 9999'),
  ),
  HF_DAILY_CRON: optional(
    z.string().refine(isCron, 'must be a cron pattern such as "0 * * * *" (every hour, UTC)'),
  ),
  LOG_LEVEL: optional(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])),
  PAPERS_REFERENCE_DATE: optional(isoDay),
  DISCORD_MESSAGE_CONTENT: optional(z.enum(['true', 'false', '1', '0'])),
  ASK_COOLDOWN_SECONDS: optional(z.coerce.number().int().min(0).max(3600)),
  SEMANTIC_SEARCH: optional(z.enum(['on', 'off'])),
  EMBEDDINGS_BASE_URL: optional(url),
  EMBEDDINGS_MODEL: optional(z.string()),
  EMBEDDINGS_API_KEY: optional(z.string()),
  HEALTH_PORT: optional(
    z.coerce
      .number({ error: 'must be a port number (1–65535; 0: any free port)' })
      .int('must be a port number (1–65535; 0: any free port)')
      .min(0, 'must be a port number (1–65535; 0: any free port)')
      .max(65535, 'must be a port number (1–65535; 0: any free port)'),
  ),
  HEALTH_HOST: optional(
    z.string().regex(/^[\w.:-]+$/, 'must be an address to listen on, e.g. 127.0.0.1 or 0.0.0.0'),
  ),
});

export interface Config {
  discordToken: string | undefined;
  discordClientId: string | undefined;
  discordGuildId: string | undefined;
  discordApiUrl: string | undefined;
  openaiApiKey: string | undefined;
  openaiBaseUrl: string | undefined;
  llmModel: string;
  llmProvider: 'openai' | 'extractive';
  /** Absolute, or relative to the working directory; undefined means the project's default. */
  dbPath: string | undefined;
  digestChannelId: string | undefined;
  digestCron: string | undefined;
  digestTz: string | undefined;
  hfBaseUrl: string;
  /** `paperbot start` fetches the daily papers itself (HF_DAILY, default on)… */
  hfDaily: boolean;
  /** …on this schedule, in UTC (HF_DAILY_CRON, default every hour). */
  hfDailyCron: string;
  /** DISCORD_SHARDS: run the bot as this many shard processes ('auto': Discord's count); unset: one process. */
  shards: number | 'auto' | undefined;
  logLevel: string;
  /** `paperbot start` serves /healthz and /metrics here; off when unset. */
  health: { port: number; host: string } | undefined;
  /** Day against which page dates with no year are resolved; undefined means today. */
  referenceDate: Date | undefined;
  /** The privileged Message Content intent is switched on: thread follow-ups need no mention. */
  messageContent: boolean;
  /** Seconds a user waits between two questions (0: no cooldown). */
  askCooldownSeconds: number;
  /** Answers find their sources by meaning as well as by words (the bundled encoder). */
  semanticSearch: boolean;
  /** An OpenAI-compatible /v1/embeddings server in place of the bundled encoder. */
  embeddings: { baseUrl: string; model: string; apiKey: string | undefined } | undefined;
}

/** A setting is missing or malformed; the message names each one, a line each. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

/** Reads every setting once from `env`, reporting every problem at once. Pure. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `Setting ${issue.path.join('.')}: ${issue.message}`),
    );
  }
  const e = parsed.data;
  const provider =
    e.LLM_PROVIDER ??
    (e.OPENAI_API_KEY !== undefined || e.OPENAI_BASE_URL !== undefined ? 'openai' : 'extractive');
  if (e.EMBEDDINGS_BASE_URL !== undefined && e.EMBEDDINGS_MODEL === undefined) {
    throw new ConfigError([
      'Setting EMBEDDINGS_MODEL: the embedding model the server at EMBEDDINGS_BASE_URL knows (e.g. nomic-embed-text)',
    ]);
  }
  if (provider === 'openai' && e.OPENAI_API_KEY === undefined && e.OPENAI_BASE_URL === undefined) {
    throw new ConfigError([
      'Setting LLM_PROVIDER: "openai" needs OPENAI_API_KEY or OPENAI_BASE_URL (or use "extractive")',
    ]);
  }
  return {
    discordToken: e.DISCORD_TOKEN,
    discordClientId: e.DISCORD_CLIENT_ID,
    discordGuildId: e.DISCORD_GUILD_ID,
    discordApiUrl: e.DISCORD_API_URL,
    openaiApiKey: e.OPENAI_API_KEY,
    openaiBaseUrl: e.OPENAI_BASE_URL,
    llmModel: e.LLM_MODEL ?? 'gpt-4o-mini',
    llmProvider: provider,
    dbPath: e.DB_PATH,
    digestChannelId: e.DIGEST_CHANNEL_ID,
    digestCron: e.DIGEST_CRON,
    digestTz: e.DIGEST_TZ,
    hfBaseUrl: e.HF_BASE_URL ?? 'https://huggingface.co',
    hfDaily: e.HF_DAILY !== 'off',
    hfDailyCron: e.HF_DAILY_CRON ?? '0 * * * *',
    shards: parseShards(e.DISCORD_SHARDS),
    logLevel: e.LOG_LEVEL ?? 'info',
    health:
      e.HEALTH_PORT === undefined
        ? undefined
        : { port: e.HEALTH_PORT, host: e.HEALTH_HOST ?? '127.0.0.1' },
    referenceDate: e.PAPERS_REFERENCE_DATE
      ? new Date(`${e.PAPERS_REFERENCE_DATE}T00:00:00Z`)
      : undefined,
    messageContent: e.DISCORD_MESSAGE_CONTENT === 'true' || e.DISCORD_MESSAGE_CONTENT === '1',
    askCooldownSeconds: e.ASK_COOLDOWN_SECONDS ?? 10,
    semanticSearch: e.SEMANTIC_SEARCH !== 'off',
    embeddings:
      e.EMBEDDINGS_BASE_URL && e.EMBEDDINGS_MODEL
        ? {
            baseUrl: e.EMBEDDINGS_BASE_URL,
            model: e.EMBEDDINGS_MODEL,
            apiKey: e.EMBEDDINGS_API_KEY,
          }
        : undefined,
  };
}

/** "auto" | "N" → the shard setting; undefined for anything else. */
export function parseShards(value: string | undefined): number | 'auto' | undefined {
  if (value === 'auto') return 'auto';
  return value && /^[1-9]\d{0,3}$/.test(value) ? Number(value) : undefined;
}

function isCron(pattern: string): boolean {
  try {
    new Cron(pattern, { paused: true });
    return true;
  } catch {
    return false;
  }
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
