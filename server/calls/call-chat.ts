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
  /** Personal details found: shown only to the sending class and its school's teachers until released. */
  held?: { reason: string };
}

/** Who is looking: a teacher or class device of a school. */
export interface ChatViewer {
  kind: 'teacher' | 'device';
  id: string;
  schoolId: string;
}

export class CallChat {
  classChatOn = false;
  private readonly messages: ChatMessage[] = [];

  /** The school of each message's sender, for who may see a held one. */
  private readonly schoolOf = new Map<string, string>();

  add(channel: ChatChannel, from: { id: string; name: string; schoolId: string }, text: string, held?: { reason: string }, now = new Date()): ChatMessage {
    const message: ChatMessage = {
      id: randomBytes(9).toString('base64url'),
      channel,
      fromParticipantId: from.id,
      fromName: from.name,
      text,
      at: now.toISOString(),
      ...(held ? { held } : {}),
    };
    this.schoolOf.set(message.id, from.schoolId);
    this.messages.push(message);
    if (this.messages.length > CHAT_HISTORY_LIMIT) this.schoolOf.delete(this.messages.shift()!.id);
    return message;
  }

  find(id: string): ChatMessage | undefined {
    return this.messages.find((m) => m.id === id);
  }

  delete(id: string): ChatMessage | undefined {
    const at = this.messages.findIndex((m) => m.id === id);
    this.schoolOf.delete(id);
    return at === -1 ? undefined : this.messages.splice(at, 1)[0];
  }

  /** The school a message came from. */
  senderSchool(id: string): string | undefined {
    return this.schoolOf.get(id);
  }

  /** A held message goes to everyone. */
  release(id: string): ChatMessage | undefined {
    const message = this.find(id);
    if (message) delete message.held;
    return message;
  }

  /**
   * Teachers see both channels; class devices see the class channel. A held message is
   * seen only by its sender and the teachers of the sender's school.
   */
  visibleTo(viewer: ChatViewer): ChatMessage[] {
    return this.messages.filter((m) => {
      if (viewer.kind === 'device' && m.channel !== 'class') return false;
      if (!m.held) return true;
      return m.fromParticipantId === viewer.id || (viewer.kind === 'teacher' && this.schoolOf.get(m.id) === viewer.schoolId);
    });
  }
}

/** Who may write where. */
export function maySend(kind: 'teacher' | 'device', channel: ChatChannel, classChatOn: boolean): boolean {
  if (kind === 'teacher') return true;
  return channel === 'class' && classChatOn;
}
