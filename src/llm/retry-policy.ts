import { APIConnectionError, APIError, APIUserAbortError } from 'openai';

export interface RetryPolicy {
  /** Further attempts after the first one. */
  maxRetries: number;
  /** The first backoff when the server gives no Retry-After; it doubles each time. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_BASE_DELAY_MS = 500;
export const DEFAULT_RETRY_MAX_DELAY_MS = 8000;

/**
 * Whether a failed request is worth another try. The same rules as the SDK's own
 * retry: connection errors, 408, 409, 429 and 5xx, unless `x-should-retry` says otherwise.
 */
export function isRetryable(error: unknown): boolean {
  if (error instanceof APIUserAbortError) return false;
  if (error instanceof APIConnectionError) return true;
  if (!(error instanceof APIError) || typeof error.status !== 'number') return false;
  const hint = error.headers?.get('x-should-retry');
  if (hint === 'true') return true;
  if (hint === 'false') return false;
  return (
    error.status === 408 || error.status === 409 || error.status === 429 || error.status >= 500
  );
}

/**
 * How long to wait before retry number `retry` (1 for the first): what the server
 * asked for, else exponential backoff with up to 25% jitter.
 */
export function retryDelayMs(
  error: unknown,
  retry: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const asked = error instanceof APIError ? retryAfterMs(error.headers) : undefined;
  if (asked !== undefined) return asked;
  const backoff = Math.min(policy.baseDelayMs * 2 ** (retry - 1), policy.maxDelayMs);
  return backoff * (1 - random() * 0.25);
}

/** `retry-after-ms`, or `Retry-After` in seconds or as an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(
  headers: Headers | undefined,
  now: number = Date.now(),
): number | undefined {
  const millis = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(millis)) return Math.max(0, millis);
  const value = headers?.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(?:\.\d+)?$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
