import { createHash } from 'node:crypto';
import type { PaperRow } from '../db/paper-row.js';
import { withArxivYear } from './merge-paper.js';
import { normaliseLatex } from './normalise-latex.js';

/** A paper as read from a source (a page or the HF API), before it meets the library. */
export interface ParsedPaper {
  title: string;
  abstract: string;
  authorsCount?: number;
  organization?: string;
  /** The date exactly as the source wrote it, e.g. "Apr 5, 2024" or "Jun 18". */
  dateRaw?: string;
  /** ISO yyyy-mm-dd, when the date could be read. */
  published?: string;
  /** True when the source gave no year and it was resolved against the reference date. */
  dateYearInferred?: boolean;
  upvotes?: number;
  arxivId?: string;
  /** Where it came from: a page file name, or e.g. "hf-daily:2024-06-03". */
  source: string;
}

/** A paper in the library: its metadata, whatever its sources, and where it was seen. */
export interface Paper extends PaperFields {
  id: string;
  addedAt: string;
  updatedAt: string;
  sources: string[];
}

/** The metadata a paper row carries, whatever its source. */
export interface PaperFields {
  title: string;
  /** LaTeX residue normalised (normaliseLatex). */
  abstract: string;
  /** The abstract as its source wrote it, when normalising changed it; else null. */
  abstractOriginal: string | null;
  authorsCount: number | null;
  organization: string | null;
  dateRaw: string | null;
  published: string | null;
  dateYearInferred: boolean;
  upvotes: number | null;
  arxivId: string | null;
}

/**
 * A paper's date as its page wrote it, for the paper's own card (`/paper`, `paperbot paper`):
 * a year the page did not write says what it was taken as ("Jun 18 (year not on the page;
 * taken as 2025)"). Undefined when the paper has no date.
 */
export function pageDate(
  paper: Pick<PaperFields, 'dateRaw' | 'published' | 'dateYearInferred'>,
): string | undefined {
  if (paper.dateYearInferred && paper.published)
    return `${paper.dateRaw ?? paper.published} (year not on the page; taken as ${paper.published.slice(0, 4)})`;
  return paper.dateRaw ?? paper.published ?? undefined;
}

/**
 * A cited paper's date for people: an inferred year is shown as such ("2025-06-18, year
 * inferred"), so nobody takes a guess for the record. One rule for every surface.
 */
export function citedDate(date: string | null, yearInferred?: boolean): string | null {
  return date && yearInferred ? `${date}, year inferred` : date;
}

export function fieldsOf(paper: ParsedPaper): PaperFields {
  const abstract = normaliseLatex(paper.abstract);
  return withArxivYear({
    title: paper.title,
    abstract,
    abstractOriginal: abstract === paper.abstract ? null : paper.abstract,
    authorsCount: paper.authorsCount ?? null,
    organization: paper.organization ?? null,
    dateRaw: paper.dateRaw ?? null,
    published: paper.published ?? null,
    dateYearInferred: paper.dateYearInferred ?? false,
    upvotes: paper.upvotes ?? null,
    arxivId: paper.arxivId ?? null,
  });
}

/** Fields whose abstract is normalised again (a row stored before normalising, or as is). */
export function renormalised(fields: PaperFields): PaperFields {
  const original = fields.abstractOriginal ?? fields.abstract;
  const abstract = normaliseLatex(original);
  return { ...fields, abstract, abstractOriginal: abstract === original ? null : original };
}

export function fieldsFromRow(row: PaperRow): PaperFields {
  return {
    title: row.title,
    abstract: row.abstract,
    abstractOriginal: row.abstract_original,
    authorsCount: row.authors_count,
    organization: row.organization,
    dateRaw: row.date_raw,
    published: row.published,
    dateYearInferred: row.date_year_inferred === 1,
    upvotes: row.upvotes,
    arxivId: row.arxiv_id,
  };
}

// eslint-disable-next-line no-control-regex -- control characters are ASCII too
const ASCII = /^[\x00-\x7f]*$/;

/**
 * The key two titles share when they name the same paper: Unicode-normalised,
 * case-folded, punctuation and spacing collapsed.
 */
export function titleKey(title: string): string {
  // Nearly every title is ASCII, which NFKD leaves alone and whose letters and digits
  // are a-z and 0-9 once lower-cased: the same key, without the Unicode tables.
  if (ASCII.test(title))
    return title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, ' ')
      .trim();
  return title
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

// Crockford base32 without i, l, o, u: easy to read aloud and to type.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * A short id a user can type: 8 base32 characters (40 bits) of the SHA-256 of the
 * title key, so the same title gives the same id on every machine. `length` exists
 * for the rare collision, where the ingest falls back to a longer id.
 */
export function paperId(title: string, length = 8): string {
  return paperIdOfKey(titleKey(title), length);
}

/** paperId for a title whose key is already known. */
export function paperIdOfKey(key: string, length = 8): string {
  const digest = createHash('sha256').update(key).digest();
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of digest) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
    if (out.length === length) break;
  }
  return out;
}
