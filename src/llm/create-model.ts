import type { ChatModel } from './chat-model.js';
import { createExtractiveModel, type ExtractiveOptions } from './extractive-model.js';
import { createOpenAiModel } from './openai-model.js';

export interface ModelSettings {
  llmProvider: 'openai' | 'extractive';
  llmModel: string;
  openaiApiKey: string | undefined;
  openaiBaseUrl: string | undefined;
}

/** The configured model: an OpenAI-compatible server, or the offline extractive one. */
export function createModel(
  settings: ModelSettings,
  fetchImpl?: typeof fetch,
  extractive: ExtractiveOptions = {},
): ChatModel {
  if (settings.llmProvider === 'extractive') return createExtractiveModel(extractive);
  return createOpenAiModel({
    model: settings.llmModel,
    timeoutMs: 30_000,
    maxRetries: 2,
    idleTimeoutMs: 15_000,
    ...(settings.openaiApiKey ? { apiKey: settings.openaiApiKey } : {}),
    ...(settings.openaiBaseUrl ? { baseURL: settings.openaiBaseUrl } : {}),
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
}
