// A call's chat: a teachers-only side channel, and a class channel that class devices may
// use only while a teacher has turned it on. Deleted messages vanish from the call (the
// safeguarding log keeps their text).
import { randomBytes } from 'node:crypto';

export type ChatChannel = 'teachers' | 'class';
export const CHAT_HISTORY_LIMIT = 200;

export interface ChatMessage {
  id: string;
  channel: ChatChannel;
  fromParticipantId: string;
  fromName: string;
  text: string;
  at: string;
}

export class CallChat {
  classChatOn = false;
  private readonly messages: ChatMessage[] = [];

  add(channel: ChatChannel, from: { id: string; name: string }, text: string, now = new Date()): ChatMessage {
    const message: ChatMessage = { id: randomBytes(9).toString('base64url'), channel, fromParticipantId: from.id, fromName: from.name, text, at: now.toISOString() };
    this.messages.push(message);
    if (this.messages.length > CHAT_HISTORY_LIMIT) this.messages.shift();
    return message;
  }

  find(id: string): ChatMessage | undefined {
    return this.messages.find((m) => m.id === id);
  }

  delete(id: string): ChatMessage | undefined {
    const at = this.messages.findIndex((m) => m.id === id);
    return at === -1 ? undefined : this.messages.splice(at, 1)[0];
  }

  /** Teachers see both channels; class devices see the class channel. */
  visibleTo(kind: 'teacher' | 'device'): ChatMessage[] {
    return this.messages.filter((m) => kind === 'teacher' || m.channel === 'class');
  }
}

/** Who may write where. */
export function maySend(kind: 'teacher' | 'device', channel: ChatChannel, classChatOn: boolean): boolean {
  if (kind === 'teacher') return true;
  return channel === 'class' && classChatOn;
}
