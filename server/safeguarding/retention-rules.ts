// The programme's retention policy as dates. Pure: the scheduled job asks what is due
// on a given day. A programme year ends on 31 August of its second calendar year (the
// English school year), so "2025-26" ends at the close of 31 August 2026 (UTC).
export interface RetentionPolicy {
  callLogMonths: number;
  exchangeDays: number;
  concernYears: number;
}

const RETENTION_CATEGORIES = ['call-logs', 'exchange', 'concerns'] as const;
export type RetentionCategory = (typeof RETENTION_CATEGORIES)[number];

/** The school year a day falls in: from 1 September, "2026-27". */
export function academicYearOf(day: Date): string {
  const start = day.getUTCMonth() >= 8 ? day.getUTCFullYear() : day.getUTCFullYear() - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

export function programmeYearEnd(academicYear: string): Date {
  const match = /^(\d{4})-(\d{2})$/.exec(academicYear);
  if (!match) throw new RangeError(`academic year "${academicYear}" is not like 2025-26`);
  const endYear = Number(match[1]) + 1;
  return new Date(Date.UTC(endYear, 8, 1) - 1); // the last millisecond of 31 August
}

const addMonths = (d: Date, months: number) => {
  const r = new Date(d.getTime() + 1); // from 1 September, so month ends stay month ends
  r.setUTCMonth(r.getUTCMonth() + months);
  return new Date(r.getTime() - 1);
};

/** Until when each kind of record is kept. */
export function retentionUntil(academicYear: string, policy: RetentionPolicy): Record<RetentionCategory, Date> {
  const end = programmeYearEnd(academicYear);
  return {
    'call-logs': addMonths(end, policy.callLogMonths),
    exchange: new Date(end.getTime() + policy.exchangeDays * 86_400_000),
    concerns: addMonths(end, policy.concernYears * 12),
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
