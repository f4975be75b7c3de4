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
