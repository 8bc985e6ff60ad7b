// Who is asking about a link's wall, and what they may do there: staff by their grants
// (the shared authorisation table), a class device by the call it is admitted to.
import { AUTH_TABLE, can, grantFor, type Principal } from '../../shared/auth.js';
import type { LogActor } from '../../shared/schemas/log.js';
import { Refusal } from '../errors/refusal.js';
import type { Viewer } from './approval.js';
import type { LinkRecord, Poster } from './exchange-ports.js';

/** A class device in a call, as the realtime layer knows it. */
export interface ClassDevice {
  linkId: string;
  schoolId: string;
  classId?: string;
  participantId: string;
  name: string;
  /** The call is live: a teacher of each school is there. */
  live: boolean;
}

export type Asker =
  { kind: 'staff'; user: { userId: string; name: string; principal: Principal } | undefined } | { kind: 'device'; device: ClassDevice | undefined };

export interface Access {
  viewer: Viewer;
  actor: LogActor;
  role: string;
  /** The device, when a class device is asking. */
  device?: ClassDevice;
  /** The school a staff member or device posts for. */
  ownSchoolId: string | null;
  mayUpload: boolean;
}

export const targetOf = (link: LinkRecord) => ({ programmeId: link.programmeId, schoolIds: link.schoolIds, classIds: link.classIds });
export const scopeOfLink = (link: LinkRecord) => ({ programmeId: link.programmeId, schoolIds: link.schoolIds, linkId: link.id });

export function accessTo(asker: Asker, link: LinkRecord): Access {
  if (asker.kind === 'device') {
    const { device } = asker;
    if (!device || device.linkId !== link.id) throw new Refusal(403, 'forbidden', 'This class device is not in a call of this link.');
    return {
      viewer: { kind: 'device', schoolId: device.schoolId },
      actor: { kind: 'device', id: device.participantId, label: device.name },
      role: 'class-device',
      device,
      ownSchoolId: device.schoolId,
      mayUpload: device.live,
    };
  }
  const { user } = asker;
  if (!user) throw new Refusal(401, 'unauthenticated', 'log in first');
  const target = targetOf(link);
  const grant = grantFor(user.principal, 'exchange:read', target);
  if (!grant) throw new Refusal(403, 'forbidden', 'you may not exchange read here');
  const p = user.principal;
  const programmeWide = p.grants.some((g) => g.programmeId === target.programmeId && AUTH_TABLE[g.role]['exchange:read'] === 'programme');
  const schoolIds = [
    ...new Set(p.grants.filter((g) => g.programmeId === target.programmeId && g.schoolId && target.schoolIds.includes(g.schoolId)).map((g) => g.schoolId!)),
  ];
  const teacherOfLink = can(p, 'exchange:upload', target);
  return {
    viewer: {
      kind: 'staff',
      schoolIds: programmeWide ? 'all' : schoolIds,
      mayApprove: can(p, 'exchange:approve', target),
      mayFlag: can(p, 'exchange:flag', target),
      teacherOfLink,
    },
    actor: { kind: 'user', id: user.userId, label: user.name },
    role: grant.role,
    ownSchoolId: teacherOfLink ? (schoolIds[0] ?? null) : null,
    mayUpload: teacherOfLink,
  };
}

/** Posts come from users and class devices only. */
export const posterOf = (a: Access): Poster => ({ kind: a.actor.kind === 'device' ? 'device' : 'user', id: a.actor.id, label: a.actor.label ?? null });
