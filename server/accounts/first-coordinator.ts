// The first coordinator of a new installation: a programme (the template's year plan and
// retention) and an invitation to it as coordinator, whose link sets the password. Refused
// when the installation already has a coordinator, unless forced (a second programme, or
// a coordinator who left). Logged like any invitation, by the command line.
import { Types } from 'mongoose';
import { DEFAULT_RETENTION, SCHOOLS_LINKING_TEMPLATE } from '../../shared/programme-template.js';
import type { Models } from '../db/models.js';
import { DomainError } from '../errors/domain-error.js';
import { recordThen } from '../safeguarding/record-then.js';
import type { SafeguardingLog } from '../safeguarding/safeguarding-log.js';
import { newToken, tokenHash } from './tokens.js';

/** A first coordinator's link lasts as long as an invitation. */
export const FIRST_COORDINATOR_LINK_TTL_MS = 14 * 24 * 3_600_000;
/** The command line, as the inviter of the first coordinator. */
export const COMMAND_LINE_ID = new Types.ObjectId('000000000000000000000000');
const COMMAND_LINE_ACTOR = { kind: 'system' as const, id: 'admin-create', label: 'npm run admin:create' };

export class CoordinatorExistsError extends DomainError<'coordinator-exists'> {
  readonly status = 409;
  constructor(email: string) {
    super('coordinator-exists', `This installation already has a coordinator (${email}). Invite more people from Linkroom itself, or pass --force.`);
  }
}

export interface FirstCoordinatorInput {
  email: string;
  programmeName: string;
  localAuthority: string;
  academicYear: string;
  force?: boolean;
}

export async function createFirstCoordinator(models: Models, log: SafeguardingLog, input: FirstCoordinatorInput, now = new Date()) {
  const existing = await models.User.findOne({ 'grants.role': 'coordinator', demo: { $ne: true } }, { email: 1 }).lean();
  if (existing && !input.force) throw new CoordinatorExistsError(existing.email);
  const programme =
    (await models.Programme.findOne({ name: input.programmeName, academicYear: input.academicYear })) ??
    (await recordThen(
      log,
      {
        actor: COMMAND_LINE_ACTOR,
        role: 'system',
        scope: {},
        type: 'programme.created',
        payload: { name: input.programmeName, academicYear: input.academicYear },
      },
      () =>
        models.Programme.create({
          name: input.programmeName,
          localAuthority: input.localAuthority,
          academicYear: input.academicYear,
          retention: DEFAULT_RETENTION,
          plan: SCHOOLS_LINKING_TEMPLATE,
        }),
    ));
  const token = newToken();
  const _id = new Types.ObjectId();
  await recordThen(
    log,
    {
      actor: COMMAND_LINE_ACTOR,
      role: 'system',
      scope: { programmeId: programme.id },
      type: 'invitation.sent',
      payload: { invitationId: _id.toString(), email: input.email.toLowerCase(), role: 'coordinator' },
    },
    () =>
      models.Invitation.create({
        _id,
        tokenHash: tokenHash(token),
        email: input.email,
        role: 'coordinator',
        programmeId: programme._id,
        invitedBy: COMMAND_LINE_ID,
        createdAt: now,
        expiresAt: new Date(now.getTime() + FIRST_COORDINATOR_LINK_TTL_MS),
      }),
  );
  return { programmeId: programme.id, programmeName: programme.name, token };
}
