// What a concern raised from a timeline event is about: the chat message, the board
// element, the exchange item, or else the call the event happened in.
import type { LogEventView } from '../../../shared/schemas/log';
import type { ConcernSubject } from '../../../shared/schemas/safeguarding';

export function subjectOfEvent(e: LogEventView): ConcernSubject | null {
  const p = (e.payload ?? {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  if (e.type.startsWith('call.chat') && e.scope.callId && str(p.messageId))
    return { kind: 'chat-message', callId: e.scope.callId, messageId: str(p.messageId)! };
  if (e.type.startsWith('board.') && str(p.boardId) && str(p.elementId))
    return { kind: 'board-element', boardId: str(p.boardId)!, elementId: str(p.elementId)! };
  if (e.type.startsWith('exchange.') && str(p.itemId)) return { kind: 'exchange-item', itemId: str(p.itemId)! };
  if (e.scope.callId) return { kind: 'call', callId: e.scope.callId };
  return null;
}

export function describeSubject(s: ConcernSubject): string {
  switch (s.kind) {
    case 'call':
      return 'a call';
    case 'chat-message':
      return 'a chat message';
    case 'board-element':
      return 'something on a whiteboard';
    case 'exchange-item':
      return 'an item on the exchange wall';
    case 'none':
      return 'a pupil or a school (raised on its own, not about a call or an item)';
  }
}
