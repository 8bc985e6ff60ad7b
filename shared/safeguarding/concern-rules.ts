// How a concern moves: open → under review → action taken / no further action, and a
// closed concern may be reopened for review. Every change names a decision and its reason
// (KCSIE record keeping); nothing is edited in place, each change is a new record.
import type { ConcernStatus } from '../schemas/safeguarding.js';

export const CONCERN_TRANSITIONS: Record<ConcernStatus, readonly ConcernStatus[]> = {
  open: ['under-review', 'action-taken', 'no-further-action'],
  'under-review': ['action-taken', 'no-further-action'],
  'action-taken': ['under-review'],
  'no-further-action': ['under-review'],
};

export type ConcernChangeRefusal =
  { code: 'reason-required'; message: string } | { code: 'decision-required'; message: string } | { code: 'wrong-status'; message: string };

/** Why a change may not be made, or null when it may. */
export function refuseConcernChange(from: ConcernStatus, to: ConcernStatus, change: { decision?: string; reason?: string }): ConcernChangeRefusal | null {
  if (!change.decision?.trim()) return { code: 'decision-required', message: 'Say what was decided: every change of status records a decision.' };
  if (!change.reason?.trim()) return { code: 'reason-required', message: 'Give the reason for the decision: every change of status records why.' };
  if (!CONCERN_TRANSITIONS[from].includes(to)) {
    return { code: 'wrong-status', message: `A concern that is ${from} cannot become ${to}; it can become ${CONCERN_TRANSITIONS[from].join(' or ')}.` };
  }
  return null;
}
