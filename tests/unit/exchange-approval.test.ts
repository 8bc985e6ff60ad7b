import { describe, expect, it } from 'vitest';
import { isPublished as published } from '../../shared/exchange.js';
import {
  ApprovalError,
  approvalDue,
  decide,
  initialApproval,
  linkNeedsReceiverApproval,
  mayDelete,
  mayView,
  type ApprovalItem,
  type Viewer,
} from '../../server/exchange/approval.js';

const teacherOf = (school: string): Viewer => ({ kind: 'staff', schoolIds: [school], mayApprove: true, mayFlag: true, teacherOfLink: true });
const headOf = (school: string): Viewer => ({ kind: 'staff', schoolIds: [school], mayApprove: false, mayFlag: false, teacherOfLink: false });
const programmeDsl: Viewer = { kind: 'staff', schoolIds: 'all', mayApprove: false, mayFlag: true, teacherOfLink: false };
const deviceOf = (school: string): Viewer => ({ kind: 'device', schoolId: school });
const item = (over: Partial<ApprovalItem> = {}): ApprovalItem => ({ fromSchoolId: 'A', ...initialApproval(false), flagged: false, ...over });

describe('exchange approval rules', () => {
  it('takes the stricter school’s policy for the link', () => {
    expect(linkNeedsReceiverApproval([{ incomingWorkNeedsApproval: false }, { incomingWorkNeedsApproval: true }])).toBe(true);
    expect(linkNeedsReceiverApproval([{ incomingWorkNeedsApproval: false }, {}])).toBe(false);
    expect(initialApproval(true)).toEqual({ senderApproval: 'pending', receiverApproval: 'pending' });
  });

  it('walks an item from sender approval to the receiving school’s approval to both classes', () => {
    let i = item(initialApproval(true));
    expect(mayView(teacherOf('B'), i)).toBe(false);
    expect(approvalDue(teacherOf('A'), i)).toBe('sender');
    expect(() => decide(teacherOf('B'), i, 'approved')).toThrow(ApprovalError);
    i = { ...i, ...decide(teacherOf('A'), i, 'approved') };
    expect(mayView(teacherOf('B'), i)).toBe(true);
    expect(mayView(deviceOf('B'), i)).toBe(false);
    expect(approvalDue(teacherOf('A'), i)).toBeNull();
    expect(approvalDue(teacherOf('B'), i)).toBe('receiver');
    i = { ...i, ...decide(teacherOf('B'), i, 'approved') };
    expect(published(i)).toBe(true);
    expect(mayView(deviceOf('A'), i) && mayView(deviceOf('B'), i)).toBe(true);
    expect(mayView(deviceOf('B'), { ...i, flagged: true })).toBe(false);
  });

  it('hides a rejected item from the partner and refuses a second decision', () => {
    const i = { ...item(), ...decide(teacherOf('A'), item(), 'rejected') };
    expect(i.senderApproval).toBe('rejected');
    expect(mayView(teacherOf('B'), i)).toBe(false);
    expect(() => decide(teacherOf('A'), i, 'approved')).toThrow(/not waiting/);
  });

  it('gives approvals to link teachers only, and deletion to the posting school’s', () => {
    expect(approvalDue(headOf('A'), item())).toBeNull();
    expect(approvalDue(programmeDsl, item())).toBeNull();
    expect(mayView(programmeDsl, item())).toBe(true);
    expect(mayDelete(teacherOf('A'), item())).toBe(true);
    expect(mayDelete(teacherOf('B'), item())).toBe(false);
    expect(mayDelete(headOf('A'), item())).toBe(false);
  });
});
