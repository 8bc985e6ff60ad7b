// The programme's retention policy as dates. Pure: the scheduled job asks what is due
// on a given day. A programme year ends on 31 August of its second calendar year (the
// English school year), so "2025-26" ends at the close of 31 August 2026, UK time (BST):
// 22:59:59.999 UTC. Months and days after it end at the close of UK days too.
import { endOfUkDay, endOfUkDayAfter, endOfUkMonthAfter, ukAcademicYearOf } from '../../shared/uk-time.js';

export interface RetentionPolicy {
  callLogMonths: number;
  exchangeDays: number;
  concernYears: number;
}

const RETENTION_CATEGORIES = ['call-logs', 'exchange', 'concerns'] as const;
export type RetentionCategory = (typeof RETENTION_CATEGORIES)[number];

/** The school year a day falls in: from 1 September (UK time), "2026-27". */
export const academicYearOf = ukAcademicYearOf;

/** The close of 31 August, UK time (23:59:59.999 BST), of the year's second calendar year. */
export function programmeYearEnd(academicYear: string): Date {
  const match = /^(\d{4})-(\d{2})$/.exec(academicYear);
  if (!match) throw new RangeError(`academic year "${academicYear}" is not like 2025-26`);
  return endOfUkDay(Number(match[1]) + 1, 8, 31);
}

/** Until when each kind of record is kept. */
export function retentionUntil(academicYear: string, policy: RetentionPolicy): Record<RetentionCategory, Date> {
  const end = programmeYearEnd(academicYear);
  return {
    'call-logs': endOfUkMonthAfter(end, policy.callLogMonths),
    exchange: endOfUkDayAfter(end, policy.exchangeDays),
    concerns: endOfUkMonthAfter(end, policy.concernYears * 12),
  };
}

/** The categories whose time has passed on `now`. */
export function retentionDue(academicYear: string, policy: RetentionPolicy, now: Date): RetentionCategory[] {
  const until = retentionUntil(academicYear, policy);
  return RETENTION_CATEGORIES.filter((c) => now.getTime() > until[c].getTime());
}

/** Log event types whose payloads belong to each category. */
export const RETENTION_EVENT_PREFIXES: Record<RetentionCategory, string[]> = {
  'call-logs': ['call.', 'board.'],
  exchange: ['exchange.'],
  concerns: ['concern.'],
};

/** Log events about a person's own account, whose payloads erasing the person removes. */
export const ERASED_EVENT_PREFIXES = ['auth.', 'invitation.', 'user.roles-changed'];
