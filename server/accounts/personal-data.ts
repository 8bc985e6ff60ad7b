// What Linkroom holds about a person (UK GDPR subject access), and erasing it (the right to
// erasure) while keeping what safeguarding requires.
//
// Erasure removes the account, its sessions, reset links and invitations, and the person
// from the classes they taught. In the safeguarding log, the payloads of their own account
// events (logins, invitations, role changes, resets: ERASED_EVENT_PREFIXES) are redacted
// with a marker naming the `user.erased` event, as retention does, so the chain still
// verifies. Records of calls, boards, exchanged work and concerns are kept: retention
// removes them when safeguarding no longer needs them.
import type { Types } from 'mongoose';
import type { Models } from '../db/models.js';
import { DomainError } from '../errors/domain-error.js';
import type { StoredLogEvent } from '../safeguarding/hash-chain.js';
import { ERASED_EVENT_PREFIXES } from '../safeguarding/retention-rules.js';
import { filterOf, type SafeguardingLog } from '../safeguarding/safeguarding-log.js';

/** At most this many of a person's log events are listed in an export (newest last). */
export const EXPORT_MAX_LOG_EVENTS = 50_000;

export class ErasureRefusedError extends DomainError<'erasure-refused'> {
  readonly status = 409;
  constructor(message: string) {
    super('erasure-refused', message);
  }
}

/** Everything held about a person: their account (never the password hash), where they are, what they did. */
export async function personalDataOf(models: Models, log: SafeguardingLog, userId: Types.ObjectId) {
  const user = await models.User.findById(userId, { passwordHash: 0 }).lean();
  if (!user) return null;
  const [sessions, invitations, resets, classes, events] = await Promise.all([
    models.Session.find({ userId }, { createdAt: 1, expiresAt: 1, userAgent: 1 }).lean(),
    models.Invitation.find({ email: user.email }, { tokenHash: 0 }).lean(),
    models.PasswordReset.find({ userId }, { tokenHash: 0 }).lean(),
    models.Class.find(
      { schoolId: { $in: user.grants.flatMap((g) => (g.schoolId ? [g.schoolId] : [])) } },
      { name: 1, yearGroup: 1, schoolId: 1, teacherIds: 1 },
    ).lean(),
    log.collection
      .find({ 'actor.id': String(userId) })
      .sort({ _id: 1 })
      .limit(EXPORT_MAX_LOG_EVENTS)
      .toArray(),
  ]);
  return {
    account: user,
    sessions,
    invitations,
    passwordResets: resets,
    classesTaught: classes.filter((c) => c.teacherIds.some((t) => t.equals(userId))).map(({ teacherIds: _t, ...c }) => c),
    actionsInTheSafeguardingLog: events.map((e: StoredLogEvent) => ({
      seq: e._id,
      at: e.at,
      type: e.type,
      role: e.role,
      scope: e.scope,
      payload: e.payload ?? null,
      redacted: e.redacted ?? null,
    })),
  };
}

/**
 * Erases a person, logged first: refused for a person who belongs to another programme
 * too (their coordinator decides), for oneself, and for a programme's last coordinator.
 */
export async function erasePerson(
  models: Models,
  log: SafeguardingLog,
  who: { userId: Types.ObjectId; programmeId: string; by: { id: string; label: string; role: string }; reason: string },
) {
  const user = await models.User.findById(who.userId);
  if (!user) return null;
  if (String(user._id) === who.by.id) throw new ErasureRefusedError('You cannot erase your own account; ask another coordinator.');
  if (user.grants.some((g) => String(g.programmeId) !== who.programmeId)) {
    throw new ErasureRefusedError(`${user.name} belongs to another programme too: remove their roles here, and ask that programme's coordinator.`);
  }
  if (user.grants.some((g) => g.role === 'coordinator')) {
    const others = await models.User.countDocuments({
      _id: { $ne: user._id },
      'grants.programmeId': user.grants[0]!.programmeId,
      'grants.role': 'coordinator',
    });
    if (others === 0) throw new ErasureRefusedError('A programme needs at least one coordinator: add another before erasing this one.');
  }
  const erased = await log.record({
    actor: { kind: 'user', id: who.by.id, label: who.by.label },
    role: who.by.role,
    scope: { programmeId: who.programmeId },
    type: 'user.erased',
    payload: { userId: String(user._id), reason: who.reason },
  });
  const redacted = await log.redact({ ...filterOf({ actorId: String(user._id), types: ERASED_EVENT_PREFIXES }) }, 'erasure', new Date(), erased._id);
  await models.Session.deleteMany({ userId: user._id });
  await models.PasswordReset.deleteMany({ userId: user._id });
  await models.Invitation.deleteMany({ email: user.email });
  const classes = await models.Class.find({ teacherIds: user._id }, { teacherIds: 1 });
  for (const c of classes) await models.Class.updateOne({ _id: c._id }, { teacherIds: c.teacherIds.filter((t) => !t.equals(user._id)) });
  await models.User.deleteOne({ _id: user._id });
  return { erasedSeq: erased._id, redactedEvents: redacted };
}
