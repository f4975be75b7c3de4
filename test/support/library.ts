import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParsedPaper } from '../../src/corpus/paper.js';

export const PAGES_DIR = join(import.meta.dirname, '../../data/pages');
export const NOW = new Date('2025-11-22T12:00:00Z');

/** A temp folder removed by the returned cleanup. */
export function tempDir(prefix = 'paperbot-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function paper(
  title: string,
  abstract: string,
  extra: Partial<ParsedPaper> = {},
): ParsedPaper {
  return { title, abstract, source: 'fixture.txt', ...extra };
}
