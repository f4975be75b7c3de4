import type { PaperFields } from './paper.js';
import { yearFromArxiv } from './parse-date.js';

/**
 * Two sightings of one paper → the richest record: the longer abstract, any known
 * count or organisation, a date with a written year over one whose year was inferred,
 * the higher upvote count. Ties keep `base`, so merging is order-stable. An inferred year
 * stays revisable: `other` (the later sighting) infers the same day's year again, and an
 * arXiv id decides it (withArxivYear); a written year is never changed.
 */
export function mergeFields(base: PaperFields, other: PaperFields): PaperFields {
  const longer = other.abstract.length > base.abstract.length ? other : base;
  return withArxivYear({
    title: base.title,
    abstract: longer.abstract,
    abstractOriginal: longer.abstractOriginal,
    authorsCount: base.authorsCount ?? other.authorsCount,
    organization: base.organization ?? other.organization,
    ...pickDate(base, other),
    upvotes: maxOrNull(base.upvotes, other.upvotes),
    arxivId: base.arxivId ?? other.arxivId,
  });
}

/** A year not written by the source, taken from the arXiv id when the paper has one. */
export function withArxivYear(fields: PaperFields): PaperFields {
  if (!fields.dateYearInferred || !fields.arxivId || !fields.dateRaw) return fields;
  const published = yearFromArxiv(fields.dateRaw, fields.arxivId);
  return published ? { ...fields, published } : fields;
}

function pickDate(
  base: PaperFields,
  other: PaperFields,
): Pick<PaperFields, 'dateRaw' | 'published' | 'dateYearInferred'> {
  const better =
    base.published === null
      ? other.published !== null || (base.dateRaw === null && other.dateRaw !== null)
      : base.dateYearInferred &&
        other.published !== null &&
        // A written year, or the same day's year inferred again (another reference date).
        (!other.dateYearInferred || other.dateRaw === base.dateRaw);
  const from = better ? other : base;
  return {
    dateRaw: from.dateRaw,
    published: from.published,
    dateYearInferred: from.dateYearInferred,
  };
}

function maxOrNull(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}

export function sameFields(a: PaperFields, b: PaperFields): boolean {
  return (Object.keys(a) as (keyof PaperFields)[]).every((key) => a[key] === b[key]);
}
