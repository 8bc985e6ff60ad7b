// The two-adult rule, as a pure function. A call is live only while a teacher of every
// participating school is present and class devices of at least two schools are admitted
// (never one adult alone with another school's class). Once it has been live, losing
// either condition pauses it instead of sending it back to waiting.
export type CallStatus = 'waiting-for-adults' | 'live' | 'paused' | 'ended';

export interface PresenceFacts {
  /** The call's schools (its link's schools). */
  schoolIds: readonly string[];
  /** Schools with at least one of their teachers connected. */
  teacherSchools: ReadonlySet<string>;
  /** Schools with at least one admitted, connected class device. */
  deviceSchools: ReadonlySet<string>;
  ended: boolean;
}

export interface StatusDecision {
  status: CallStatus;
  /** Schools still without a teacher present, for "why" messages. */
  missingTeachers: string[];
  /** True while class devices of fewer than two schools are in. */
  missingDevices: boolean;
}

export function decideStatus(previous: CallStatus, facts: PresenceFacts): StatusDecision {
  const missingTeachers = facts.schoolIds.filter((s) => !facts.teacherSchools.has(s));
  const missingDevices = facts.schoolIds.filter((s) => facts.deviceSchools.has(s)).length < 2;
  if (facts.ended || previous === 'ended') return { status: 'ended', missingTeachers, missingDevices };
  if (missingTeachers.length === 0 && !missingDevices) return { status: 'live', missingTeachers, missingDevices };
  return { status: previous === 'live' || previous === 'paused' ? 'paused' : 'waiting-for-adults', missingTeachers, missingDevices };
}

/** Media flows only in a live call. */
export const mediaMayFlow = (status: CallStatus): boolean => status === 'live';
