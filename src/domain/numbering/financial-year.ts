/**
 * Indian financial years (1 April to 31 March, by the IST date) and GST return periods.
 */
import { invalid } from '../app-error.js';
import type { IsoDate } from '../gst/ist-date.js';

/** A financial year by its first calendar year: 2026 is 1 Apr 2026 - 31 Mar 2027. */
export interface FinancialYear {
  readonly startYear: number;
  /** Short label for document numbers: "26-27". */
  readonly label: string;
  readonly firstDay: IsoDate;
  readonly lastDay: IsoDate;
}

/** The financial year of a given year. */
export function financialYear(startYear: number): FinancialYear {
  const two = (y: number) => String(y % 100).padStart(2, '0');
  return {
    startYear,
    label: `${two(startYear)}-${two(startYear + 1)}`,
    firstDay: `${startYear}-04-01`,
    lastDay: `${startYear + 1}-03-31`,
  };
}

/** The financial year containing an IST date. */
export function financialYearOf(date: IsoDate): FinancialYear {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return financialYear(month >= 4 ? year : year - 1);
}

/** A GST return period: a calendar month. */
export interface ReturnPeriod {
  /** `MMYYYY`, as GSTR-1 `fp`. */
  readonly fp: string;
  readonly year: number;
  readonly month: number;
  readonly firstDay: IsoDate;
  readonly lastDay: IsoDate;
}

/** Parses `MMYYYY` (e.g. `042026`), naming `field` when it is not a real month. */
export function parseReturnPeriod(fp: string, field = 'period'): ReturnPeriod {
  const match = /^(0[1-9]|1[0-2])(\d{4})$/.exec(fp);
  if (match === null) throw invalid(field, 'must be a month as MMYYYY, e.g. 042026');
  const month = Number(match[1]);
  const year = Number(match[2]);
  if (year < 2017) throw invalid(field, 'GST returns begin in July 2017');
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const mm = String(month).padStart(2, '0');
  return {
    fp,
    year,
    month,
    firstDay: `${year}-${mm}-01`,
    lastDay: `${year}-${mm}-${String(days).padStart(2, '0')}`,
  };
}

/** The return period of an IST date. */
export function returnPeriodOf(date: IsoDate): ReturnPeriod {
  return parseReturnPeriod(`${date.slice(5, 7)}${date.slice(0, 4)}`);
}
