// How the timeline groups, colours and words events: what a DSL scans for at a glance.
import { logEventWords } from '../../../shared/log-words';
import type { LogEventView } from '../../../shared/schemas/log';

export const EVENT_GROUPS = [
  {
    key: 'presence',
    label: 'Who came and went',
    colour: '#2a9d8f',
    types: ['call.teacher-joined', 'call.device-waiting', 'call.device-admitted', 'call.device-denied', 'call.device-reconnected', 'call.participant-left'],
  },
  {
    key: 'moderation',
    label: 'Moderation',
    colour: '#e76f51',
    types: [
      'call.device-removed',
      'call.device-sent-to-lobby',
      'call.muted',
      'call.muted-all',
      'call.hard-mute',
      'call.locked',
      'call.board-presented',
      'call.video-stopped',
      'call.forbidden',
      'call.unmute-refused',
      'call.class-chat',
      'call.audio-only',
      'call.spotlight',
      'call.mic-passed',
    ],
  },
  {
    key: 'agenda',
    label: 'Agenda and call',
    colour: '#264653',
    types: ['call.created', 'call.status-changed', 'call.agenda-step', 'call.ended', 'call.hand-raised', 'call.join-attempt'],
  },
  { key: 'chat', label: 'Chat (with deleted messages)', colour: '#8338ec', types: ['call.chat-message', 'call.chat-deleted', 'call.chat-refused'] },
  { key: 'board', label: 'Whiteboard', colour: '#f4a261', types: ['board.'] },
  { key: 'exchange', label: 'Exchange', colour: '#3a86ff', types: ['exchange.'] },
  { key: 'concern', label: 'Concerns and reviews', colour: '#a4161a', types: ['concern.', 'log.', 'retention.'] },
  {
    key: 'other',
    label: 'Accounts, links and the rest',
    colour: '#6c757d',
    types: ['auth.', 'invitation.', 'user.', 'programme.', 'school.', 'class.', 'link.', 'action.', 'demo.'],
  },
] as const;
export type EventGroupKey = (typeof EVENT_GROUPS)[number]['key'];

const matches = (type: string, pattern: string) => (pattern.endsWith('.') ? type.startsWith(pattern) : type === pattern);

export function groupOf(type: string) {
  return EVENT_GROUPS.find((g) => g.types.some((p) => matches(type, p)));
}

/** The types a set of groups covers, for the API's `types` filter. */
export const typesOf = (groups: readonly EventGroupKey[]) => EVENT_GROUPS.filter((g) => groups.includes(g.key)).flatMap((g) => [...g.types]);

/** One line a person can read: who did what, with the words where there are words. */
/** A payload value as words: strings and numbers as they are, anything else as the fallback. */
const textOf = (v: unknown, fallback = ''): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : fallback);

export function describeEvent(e: LogEventView): string {
  const p = (e.payload ?? {}) as Record<string, unknown>;
  const who = e.actor.label ?? e.actor.id;
  const words = typeof p.text === 'string' ? `: “${p.text}”` : '';
  if (e.redacted) return `${who} ${logEventWords(e.type)} (details removed by retention)`;
  switch (e.type) {
    case 'call.teacher-joined':
      return `${who} joined the call`;
    case 'call.device-admitted':
      return `${who} let ${textOf(p.name, 'a class')} in`;
    case 'call.participant-left':
      return `${who} left`;
    case 'call.chat-message':
      return `${who} wrote in the ${textOf(p.channel, '')} chat${words}`;
    case 'call.chat-deleted':
      return `${who} deleted a message by ${textOf(p.from, 'someone')}${words}`;
    case 'call.agenda-step':
      return `${who} moved the agenda to “${textOf(p.title ?? p.step)}”`;
    case 'board.text':
      return `${who} wrote on the board${words}`;
    case 'exchange.approved':
    case 'exchange.rejected':
      return `${who} ${e.type === 'exchange.approved' ? 'approved' : 'rejected'} an item${p.reason ? ` (${textOf(p.reason)})` : ''}`;
    case 'exchange.uploaded':
      return `${who} posted “${textOf(p.title, 'an item')}”`;
    case 'concern.raised':
      return `${who} raised a concern: ${textOf(p.summary, '')}`;
    case 'concern.status-changed':
      return `${who} changed a concern to ${textOf(p.to)}: ${textOf(p.decision)} (${textOf(p.reason)})`;
    default:
      return `${who} ${logEventWords(e.type)}${words}`;
  }
}
