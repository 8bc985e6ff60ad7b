// Linkroom's users are in England: times are shown and exported as UK time (GMT in winter,
// BST in summer) with the zone named, and the school year's boundaries are UK days. Luxon
// does the time-zone arithmetic (from the platform's time-zone data).
import { DateTime } from 'luxon';

export const UK_ZONE = 'Europe/London';

/** "2026-03-11 09:30:00 GMT" / "2026-07-01 13:00:00 BST". */
export function ukTime(at: Date): string {
  return DateTime.fromJSDate(at, { zone: UK_ZONE }).setLocale('en-GB').toFormat('yyyy-MM-dd HH:mm:ss ZZZZ');
}

/** The last millisecond of a UK calendar day (month 1–12), as an instant. */
export function endOfUkDay(year: number, month: number, day: number): Date {
  return DateTime.fromObject({ year, month, day }, { zone: UK_ZONE }).endOf('day').toJSDate();
}

/** The last millisecond of the UK calendar month `months` after the one `at` falls in. */
export function endOfUkMonthAfter(at: Date, months: number): Date {
  return DateTime.fromJSDate(at, { zone: UK_ZONE }).plus({ months }).endOf('month').toJSDate();
}

/** The last millisecond of the UK day `days` after the one `at` falls in. */
export function endOfUkDayAfter(at: Date, days: number): Date {
  return DateTime.fromJSDate(at, { zone: UK_ZONE }).plus({ days }).endOf('day').toJSDate();
}

/** The next instant, after `now`, at which the UK clock reads hour:minute. */
export function nextUkTime(now: Date, hour: number, minute: number): Date {
  const today = DateTime.fromJSDate(now, { zone: UK_ZONE }).set({ hour, minute, second: 0, millisecond: 0 });
  return (today.toMillis() > now.getTime() ? today : today.plus({ days: 1 }).set({ hour, minute })).toJSDate();
}

/** The UK school year a moment falls in ("2026-27" from 1 September, UK time). */
export function ukAcademicYearOf(at: Date): string {
  const uk = DateTime.fromJSDate(at, { zone: UK_ZONE });
  const start = uk.month >= 9 ? uk.year : uk.year - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}
