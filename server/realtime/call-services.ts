// What one connection's call and board events hand off to (composed in call-signalling.ts).
import type { ServerContext } from '../app-context.js';
import type { CallBoards } from '../board/call-boards.js';
import type { CallChatting } from '../calls/call-chatting.js';
import type { CallJoining } from '../calls/call-joining.js';
import type { CallModeration } from '../calls/call-moderation.js';
import type { LiveCalls } from '../calls/live-calls.js';

/** The call services one connection's events hand off to. */
export interface CallServices {
  ctx: ServerContext;
  calls: LiveCalls;
  joining: CallJoining;
  moderation: CallModeration;
  chatting: CallChatting;
  boards: CallBoards;
}
