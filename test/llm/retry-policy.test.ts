import { APIConnectionError, APIError, APIUserAbortError } from 'openai';
import { describe, expect, it } from 'vitest';
import { isRetryable, retryAfterMs, retryDelayMs } from '../../src/llm/retry-policy.js';

const policy = { maxRetries: 3, baseDelayMs: 500, maxDelayMs: 8000 };
const statusError = (status: number, headers: Record<string, string> = {}) =>
  APIError.generate(status, { message: `status ${status}` }, undefined, new Headers(headers));

describe('retry policy', () => {
  it('GIVEN 408, 409, 429, 5xx or a connection error THEN retry; GIVEN other 4xx or a cancel THEN not', () => {
    for (const status of [408, 409, 429, 500, 502, 503])
      expect(isRetryable(statusError(status))).toBe(true);
    expect(isRetryable(new APIConnectionError({ message: 'Connection error.' }))).toBe(true);
    for (const status of [400, 401, 403, 404, 422])
      expect(isRetryable(statusError(status))).toBe(false);
    expect(isRetryable(new APIUserAbortError())).toBe(false);
    expect(isRetryable(new TypeError('terminated'))).toBe(false);
  });

  it('GIVEN an x-should-retry header THEN it overrides the status rule', () => {
    expect(isRetryable(statusError(400, { 'x-should-retry': 'true' }))).toBe(true);
    expect(isRetryable(statusError(503, { 'x-should-retry': 'false' }))).toBe(false);
  });

  it('GIVEN Retry-After in seconds, retry-after-ms, or an HTTP date THEN that wait', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs(new Headers({ 'retry-after': '2' }), now)).toBe(2000);
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '150', 'retry-after': '2' }), now)).toBe(
      150,
    );
    expect(retryAfterMs(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:03 GMT' }), now)).toBe(
      3000,
    );
    expect(retryAfterMs(new Headers({ 'retry-after': 'Wed, 31 Dec 2025 00:00:00 GMT' }), now)).toBe(
      0,
    );
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(retryAfterMs(new Headers(), now)).toBeUndefined();
  });

  it('GIVEN no Retry-After THEN exponential backoff from the base, capped, with at most 25% jitter', () => {
    const error = statusError(503);
    expect([1, 2, 3].map((retry) => retryDelayMs(error, retry, policy, () => 0))).toEqual([
      500, 1000, 2000,
    ]);
    expect(retryDelayMs(error, 10, policy, () => 0)).toBe(8000);
    expect(retryDelayMs(error, 1, policy, () => 0.999)).toBeGreaterThan(375);
    expect(retryDelayMs(statusError(429, { 'retry-after': '7' }), 1, policy)).toBe(7000);
  });
});
