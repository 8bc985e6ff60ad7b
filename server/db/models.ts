// All mongoose models of one connection, built once per connection.
import type { Connection } from 'mongoose';
import { InvitationSchema } from '../accounts/invitation.model.js';
import { BoardSchema, BoardSnapshotSchema, BoardUpdateSchema } from '../board/board.model.js';
import { CallSchema } from '../calls/call.model.js';
import { JoinCodeSchema } from '../calls/join-code.model.js';
import { ExchangeCommentSchema } from '../exchange/exchange-comment.model.js';
import { ExchangeItemSchema } from '../exchange/exchange-item.model.js';
import { SessionSchema } from '../accounts/session.model.js';
import { PasswordResetSchema } from '../accounts/password-reset.model.js';
import { UserSchema } from '../accounts/user.model.js';
import { MatchingRunModelSchema } from '../matching/matching-run.model.js';
import { ClassSchema } from '../programme/class.model.js';
import { EoiModelSchema } from '../programme/eoi.model.js';
import { LinkSchema } from '../programme/link.model.js';
import { ProgrammeSchema } from '../programme/programme.model.js';
import { SchoolSchema } from '../programme/school.model.js';
import { ConcernSchema } from '../safeguarding/concern.model.js';
import { NotificationSchema } from '../safeguarding/notification.model.js';

function build(connection: Connection) {
  return {
    Programme: connection.model('Programme', ProgrammeSchema),
    School: connection.model('School', SchoolSchema),
    Class: connection.model('Class', ClassSchema),
    Link: connection.model('Link', LinkSchema),
    User: connection.model('User', UserSchema),
    Session: connection.model('Session', SessionSchema),
    Invitation: connection.model('Invitation', InvitationSchema),
    PasswordReset: connection.model('PasswordReset', PasswordResetSchema),
    Call: connection.model('Call', CallSchema),
    JoinCode: connection.model('JoinCode', JoinCodeSchema),
    Board: connection.model('Board', BoardSchema),
    BoardUpdate: connection.model('BoardUpdate', BoardUpdateSchema),
    BoardSnapshot: connection.model('BoardSnapshot', BoardSnapshotSchema),
    ExchangeItem: connection.model('ExchangeItem', ExchangeItemSchema),
    ExchangeComment: connection.model('ExchangeComment', ExchangeCommentSchema),
    Concern: connection.model('Concern', ConcernSchema),
    Notification: connection.model('Notification', NotificationSchema),
    Eoi: connection.model('Eoi', EoiModelSchema),
    MatchingRun: connection.model('MatchingRun', MatchingRunModelSchema),
  };
}
export type Models = ReturnType<typeof build>;

const cache = new WeakMap<Connection, Models>();

export async function modelsFor(connection: Connection): Promise<Models> {
  let models = cache.get(connection);
  if (!models) {
    models = build(connection);
    cache.set(connection, models);
    // Unique indexes (emails, session tokens) must exist before the first write.
    await Promise.all(Object.values(models).map((m) => m.init()));
  }
  return models;
}
