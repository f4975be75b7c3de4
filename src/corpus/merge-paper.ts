import type { PaperFields } from './paper.js';

/**
 * Two sightings of one paper → the richest record: the longer abstract, any known
 * count or organisation, a date with a written year over one whose year was inferred,
 * the higher upvote count. Ties keep `base`, so merging is order-stable.
 */
export function mergeFields(base: PaperFields, other: PaperFields): PaperFields {
  return {
    title: base.title,
    abstract: other.abstract.length > base.abstract.length ? other.abstract : base.abstract,
    authorsCount: base.authorsCount ?? other.authorsCount,
    organization: base.organization ?? other.organization,
    ...pickDate(base, other),
    upvotes: maxOrNull(base.upvotes, other.upvotes),
    arxivId: base.arxivId ?? other.arxivId,
  };
}

function pickDate(
  base: PaperFields,
  other: PaperFields,
): Pick<PaperFields, 'dateRaw' | 'published' | 'dateYearInferred'> {
  const better =
    base.published === null
      ? other.published !== null || (base.dateRaw === null && other.dateRaw !== null)
      : base.dateYearInferred && other.published !== null && !other.dateYearInferred;
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
