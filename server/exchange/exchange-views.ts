// Items and comments as one asker sees them, with what they may do with each now.
import type { CommentView, ExchangeItemView } from '../../shared/schemas/exchange.js';
import { approvalDue, approvalStateOf, mayDelete, mayView } from './approval.js';
import type { Access } from './exchange-access.js';
import type { CommentRecord, ItemRecord } from './exchange-ports.js';

export function commentView(c: CommentRecord, a: Access, schoolNames: ReadonlyMap<string, string>): CommentView {
  const due = approvalDue(a.viewer, approvalStateOf(c));
  return {
    id: c.id,
    fromSchoolName: schoolNames.get(c.fromSchoolId) ?? 'A school',
    by: c.by.label ?? 'Someone',
    text: c.text ?? null,
    reaction: (c.reaction as CommentView['reaction']) ?? null,
    senderApproval: c.senderApproval,
    receiverApproval: c.receiverApproval,
    may: { approve: !!due, reject: !!due },
    personalDetails: a.viewer.kind === 'staff' ? (c.personalDetails ?? null) : null,
  };
}

export function itemView(i: ItemRecord, a: Access, schoolNames: ReadonlyMap<string, string>, comments: CommentRecord[] = []): ExchangeItemView {
  const state = approvalStateOf(i);
  const due = approvalDue(a.viewer, state);
  return {
    id: i.id,
    linkId: i.linkId,
    kind: i.kind,
    title: i.title,
    milestoneKey: i.milestoneKey ?? null,
    fromSchoolId: state.fromSchoolId,
    fromSchoolName: schoolNames.get(state.fromSchoolId) ?? 'A school',
    by: i.by.label ?? 'Someone',
    mime: i.mime ?? null,
    bytes: i.bytes,
    width: i.width ?? null,
    height: i.height ?? null,
    text: i.text ?? null,
    hasThumbnail: !!i.thumbnailId,
    senderApproval: i.senderApproval,
    receiverApproval: i.receiverApproval,
    rejection: i.rejection?.reason ? { reason: i.rejection.reason, by: i.rejection.by ?? '', at: (i.rejection.at ?? new Date()).toISOString() } : null,
    flagged: i.flagged,
    personalDetails: a.viewer.kind === 'staff' ? (i.personalDetails ?? null) : null,
    may: {
      approve: !!due,
      reject: !!due,
      delete: mayDelete(a.viewer, state),
      flag: a.viewer.kind === 'staff' && a.viewer.mayFlag && !i.flagged,
      comment: a.mayUpload,
    },
    comments: comments.filter((c) => mayView(a.viewer, approvalStateOf(c))).map((c) => commentView(c, a, schoolNames)),
    createdAt: i.createdAt.toISOString(),
  };
}
