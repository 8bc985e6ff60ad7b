// A coordinator changes a member's roles in their programme: each school-bound role names
// a school of the programme, and a programme always keeps a coordinator. Logged first;
// the member's live connections are then ended so that they pick up the new roles.
import type { HydratedDocument, Types } from 'mongoose';
import type { UserDoc } from './user.model.js';
import type { z } from 'zod';
import { SCHOOL_ROLES } from '../../shared/auth.js';
import type { IdLike } from '../../shared/id-like.js';
import type { LogActor } from '../../shared/schemas/log.js';
import type { ChangeRolesSchema } from '../../shared/schemas/programme.js';
import type { Models } from '../db/models.js';
import { Refusal } from '../errors/refusal.js';
import { recordThen } from '../safeguarding/record-then.js';
import type { SafeguardingLog } from '../safeguarding/safeguarding-log.js';
import { hasGrant } from './grants.js';

type StoredGrant = { role: string; programmeId: IdLike; schoolId?: IdLike | null };

/** A member's grants in one programme, as the API shows them. */
export const grantsIn = (grants: StoredGrant[], programmeId: string) =>
  grants.filter((g) => String(g.programmeId) === programmeId).map((g) => ({ role: g.role, ...(g.schoolId ? { schoolId: String(g.schoolId) } : {}) }));

export async function changeRoles(
  deps: { models: Pick<Models, 'User' | 'School'>; log: SafeguardingLog; disconnectUser: (who: { userId: string }) => void },
  programme: { id: string; _id: Types.ObjectId },
  user: HydratedDocument<UserDoc>,
  who: { actor: LogActor; role: string },
  { grants }: z.output<typeof ChangeRolesSchema>,
) {
  const { User, School } = deps.models;
  for (const [i, g] of grants.entries()) {
    if (SCHOOL_ROLES.has(g.role) !== !!g.schoolId) {
      throw new Refusal(400, 'bad-request', `body.grants.${i}.schoolId: ${g.role} ${SCHOOL_ROLES.has(g.role) ? 'needs' : 'takes no'} school`);
    }
  }
  const schoolIds = [...new Set(grants.flatMap((g) => (g.schoolId ? [g.schoolId] : [])))];
  if ((await School.countDocuments({ _id: { $in: schoolIds }, programmeId: programme._id })) !== schoolIds.length) {
    throw new Refusal(400, 'bad-request', 'body.grants: every school must belong to this programme');
  }
  const before = grantsIn(user.grants, programme.id);
  const losesCoordinator = before.some((g) => g.role === 'coordinator') && !grants.some((g) => g.role === 'coordinator');
  if (losesCoordinator) {
    const members = await User.find({ _id: { $ne: user._id }, 'grants.programmeId': programme._id }, { grants: 1 });
    if (!members.some((m) => hasGrant(m.grants, 'coordinator', programme.id)))
      throw new Refusal(409, 'last-coordinator', 'a programme needs at least one coordinator');
  }
  await recordThen(
    deps.log,
    {
      actor: who.actor,
      role: who.role,
      scope: { programmeId: programme.id, ...(schoolIds.length ? { schoolIds } : {}) },
      type: 'user.roles-changed',
      payload: { userId: user.id, before, after: grants },
    },
    () => {
      const elsewhere = user.grants.filter((g) => String(g.programmeId) !== programme.id);
      user.set('grants', [...elsewhere, ...grants.map((g) => ({ ...g, programmeId: programme._id }))]);
      return user.save();
    },
  );
  deps.disconnectUser({ userId: user.id });
  return { id: user.id, grants: grantsIn(user.grants, programme.id) };
}
