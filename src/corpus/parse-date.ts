const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** "Apr 5, 2024", "Jun 18", "Aug 12 2" (upvotes after), "Jun 30, 2024 1". */
const DATE_LINE =
  /^(jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.? (\d{1,2})(?:, ?(\d{4}))?(?: (\d{1,7}))?$/i;

export interface DateLine {
  dateRaw: string;
  published?: string;
  dateYearInferred: boolean;
  upvotes?: number;
}

export function isDateLine(line: string): boolean {
  return DATE_LINE.test(line.trim());
}

/**
 * Reads a listing's date line. A date with no year takes the latest year that does not
 * put it after `reference` (a listing never shows a paper from the future); the result
 * says so with `dateYearInferred`, and `dateRaw` keeps what the page wrote.
 * Returns undefined for a line that is not a date line.
 */
export function parseDateLine(line: string, reference: Date): DateLine | undefined {
  const match = DATE_LINE.exec(line.trim());
  if (!match) return undefined;
  const [, monthText, dayText, yearText, upvotesText] = match;
  const month = MONTHS.indexOf(monthText!.slice(0, 3).toLowerCase());
  const day = Number(dayText);
  const dateRaw = yearText
    ? `${capitalise(monthText!)} ${day}, ${yearText}`
    : `${capitalise(monthText!)} ${day}`;
  const result: DateLine = { dateRaw, dateYearInferred: !yearText };
  if (upvotesText !== undefined) result.upvotes = Number(upvotesText);

  if (yearText) {
    const year = Number(yearText);
    if (isValidDay(year, month, day)) result.published = iso(year, month, day);
    return result;
  }
  const refYear = reference.getUTCFullYear();
  const refIso = reference.toISOString().slice(0, 10);
  // Feb 29 may need to look back up to 8 years for a leap year.
  for (let year = refYear; year >= refYear - 8; year--) {
    if (!isValidDay(year, month, day)) continue;
    const candidate = iso(year, month, day);
    if (candidate <= refIso) {
      result.published = candidate;
      break;
    }
  }
  return result;
}

function isValidDay(year: number, month: number, day: number): boolean {
  if (day < 1 || day > 31) return false;
  const date = new Date(Date.UTC(year, month, day));
  return date.getUTCMonth() === month && date.getUTCDate() === day;
}

function iso(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function capitalise(month: string): string {
  const m = month.slice(0, 3).toLowerCase();
  return m.charAt(0).toUpperCase() + m.slice(1);
}

/**
 * The day a listing page was made, from what the page itself says: a page writes the year
 * only for dates outside its own year, so its year is the one after the latest year it
 * writes, and the lone date above its first abstract is its own day ("Nov 4" over papers
 * dated "Apr 5, 2024" → 2025-11-04; with no such line, the last day of that year).
 * Undefined when the page writes no year: then the caller's reference (the clock) decides.
 */
export function pageReferenceDate(text: string): Date | undefined {
  let latestYear = 0;
  let ownDay: { month: number; day: number } | undefined;
  let seenAbstract = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.length > 100) seenAbstract = true;
    const match = DATE_LINE.exec(line);
    if (!match) continue;
    const [, monthText, dayText, yearText] = match;
    if (yearText) latestYear = Math.max(latestYear, Number(yearText));
    else if (!seenAbstract && !ownDay)
      ownDay = {
        month: MONTHS.indexOf(monthText!.slice(0, 3).toLowerCase()),
        day: Number(dayText),
      };
  }
  if (latestYear === 0) return undefined;
  const year = latestYear + 1;
  if (ownDay && isValidDay(year, ownDay.month, ownDay.day))
    return new Date(Date.UTC(year, ownDay.month, ownDay.day));
  return new Date(Date.UTC(year, 11, 31));
}

/**
 * The year of a listing date written without one, from the paper's arXiv id (YYMM.NNNNN:
 * the month it was submitted): the first such day on or after the submission month.
 * Undefined for an id of the old form or a date line that is not a day.
 */
export function yearFromArxiv(dateRaw: string, arxivId: string): string | undefined {
  const id = /^(\d{2})(\d{2})\.\d{4,5}(v\d+)?$/.exec(arxivId);
  const date = DATE_LINE.exec(dateRaw.trim());
  if (!id || !date || date[3]) return undefined;
  const submittedYear = 2000 + Number(id[1]);
  const submittedMonth = Number(id[2]) - 1;
  const month = MONTHS.indexOf(date[1]!.slice(0, 3).toLowerCase());
  const day = Number(date[2]);
  for (let year = submittedYear; year <= submittedYear + 4; year++) {
    if (year === submittedYear && month < submittedMonth) continue;
    if (isValidDay(year, month, day)) return iso(year, month, day);
  }
  return undefined;
}
