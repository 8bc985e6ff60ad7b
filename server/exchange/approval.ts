// The exchange's approval rules, as pure functions: who must approve an item before whom
// may see it, and what each person may do with it now.
import { isPublished, type ApprovalState, type ReceiverApprovalState } from '../../shared/exchange.js';

export interface ApprovalItem {
  fromSchoolId: string;
  senderApproval: ApprovalState;
  receiverApproval: ReceiverApprovalState;
  flagged: boolean;
}

/** Who is looking: staff with the schools they act for (all, for a programme-wide role), or a class device of one school. */
export type Viewer =
  { kind: 'staff'; schoolIds: string[] | 'all'; mayApprove: boolean; mayFlag: boolean; teacherOfLink: boolean } | { kind: 'device'; schoolId: string };

export class ApprovalError extends Error {
  constructor(
    readonly code: 'forbidden' | 'wrong-state',
    message: string,
  ) {
    super(message);
    this.name = 'ApprovalError';
  }
}

/** The stricter of the two schools' policies governs the link. */
export const linkNeedsReceiverApproval = (schools: { incomingWorkNeedsApproval?: boolean | null }[]): boolean =>
  schools.some((s) => !!s.incomingWorkNeedsApproval);

export const initialApproval = (receiverApproval: boolean): Pick<ApprovalItem, 'senderApproval' | 'receiverApproval'> => ({
  senderApproval: 'pending',
  receiverApproval: receiverApproval ? 'pending' : 'not-required',
});

/** The approval state of a stored item or comment (comments are never flagged). */
export const approvalStateOf = (d: {
  fromSchoolId: unknown;
  senderApproval: ApprovalState;
  receiverApproval: ReceiverApprovalState;
  flagged?: boolean | null;
}): ApprovalItem => ({
  fromSchoolId: String(d.fromSchoolId),
  senderApproval: d.senderApproval,
  receiverApproval: d.receiverApproval,
  flagged: !!d.flagged,
});

const actsFor = (v: Extract<Viewer, { kind: 'staff' }>, schoolId: string) => v.schoolIds === 'all' || v.schoolIds.includes(schoolId);

export function mayView(v: Viewer, i: ApprovalItem): boolean {
  if (v.kind === 'device') return isPublished(i);
  if (actsFor(v, i.fromSchoolId)) return true;
  // The partner school's staff see an item once its own teacher has let it go.
  return i.senderApproval === 'approved';
}

/** Which approval this viewer would give now, if any. */
export function approvalDue(v: Viewer, i: ApprovalItem): 'sender' | 'receiver' | null {
  if (v.kind !== 'staff' || !v.mayApprove || !v.teacherOfLink || v.schoolIds === 'all') return null;
  if (i.senderApproval === 'pending' && actsFor(v, i.fromSchoolId)) return 'sender';
  if (i.senderApproval === 'approved' && i.receiverApproval === 'pending' && !actsFor(v, i.fromSchoolId)) return 'receiver';
  return null;
}

/** The state after an approval or a rejection by this viewer; throws when it is not theirs to give. */
export function decide(v: Viewer, i: ApprovalItem, decision: 'approved' | 'rejected'): Pick<ApprovalItem, 'senderApproval' | 'receiverApproval'> {
  const due = approvalDue(v, i);
  if (!due) {
    if (v.kind === 'staff' && v.mayApprove && v.teacherOfLink) throw new ApprovalError('wrong-state', 'This item is not waiting for your approval.');
    throw new ApprovalError('forbidden', 'Only a link teacher of the right school can approve or reject this item.');
  }
  return due === 'sender'
    ? { senderApproval: decision, receiverApproval: i.receiverApproval }
    : { senderApproval: i.senderApproval, receiverApproval: decision };
}

export const mayDelete = (v: Viewer, i: ApprovalItem): boolean => v.kind === 'staff' && v.teacherOfLink && v.schoolIds !== 'all' && actsFor(v, i.fromSchoolId);
