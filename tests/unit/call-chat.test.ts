import { describe, expect, it } from 'vitest';
import { CallChat, CHAT_HISTORY_LIMIT, maySend } from '../../server/calls/call-chat.js';
import { containsProfanity } from '../../server/calls/language-filter.js';

const teacherA = { kind: 'teacher' as const, id: 't', schoolId: 'A' };
const teacherB = { kind: 'teacher' as const, id: 'tb', schoolId: 'B' };
const deviceA = { kind: 'device' as const, id: 'd', schoolId: 'A' };
const deviceB = { kind: 'device' as const, id: 'db', schoolId: 'B' };
const from = (p: { id: string; schoolId: string }, name: string) => ({ id: p.id, schoolId: p.schoolId, name });

describe('call chat', () => {
  it('keeps the teachers’ side chat away from class devices', () => {
    const chat = new CallChat();
    chat.add('teachers', from(teacherA, 'Ms A'), 'Shall we move on?');
    chat.add('class', from(deviceA, '4A'), 'Hello 4B!');
    expect(chat.visibleTo(teacherA).map((m) => m.text)).toEqual(['Shall we move on?', 'Hello 4B!']);
    expect(chat.visibleTo(deviceB).map((m) => m.text)).toEqual(['Hello 4B!']);
  });

  it('shows a held message only to its sender and the teachers of its school, until released', () => {
    const chat = new CallChat();
    const held = chat.add('class', from(deviceA, '4A'), 'ring me on 07700 900123', { reason: 'a phone number' });
    expect(chat.visibleTo(deviceB)).toEqual([]);
    expect(chat.visibleTo(teacherB)).toEqual([]);
    expect(chat.visibleTo(deviceA).map((m) => m.held)).toEqual([{ reason: 'a phone number' }]);
    expect(chat.visibleTo(teacherA).map((m) => m.text)).toEqual(['ring me on 07700 900123']);
    expect(chat.senderSchool(held.id)).toBe('A');
    chat.release(held.id);
    expect(chat.visibleTo(deviceB).map((m) => [m.text, m.held])).toEqual([['ring me on 07700 900123', undefined]]);
  });

  it('lets class devices write only in the class channel, and only while it is on', () => {
    expect(maySend('device', 'class', false)).toBe(false);
    expect(maySend('device', 'class', true)).toBe(true);
    expect(maySend('device', 'teachers', true)).toBe(false);
    expect(maySend('teacher', 'teachers', false)).toBe(true);
  });

  it('deletes one message and keeps a bounded history', () => {
    const chat = new CallChat();
    const m = chat.add('class', from(deviceA, '4A'), 'oops');
    expect(chat.delete(m.id)?.text).toBe('oops');
    expect(chat.delete(m.id)).toBeUndefined();
    for (let i = 0; i < CHAT_HISTORY_LIMIT + 10; i++) chat.add('class', from(deviceA, '4A'), `m${i}`);
    expect(chat.visibleTo(teacherA)).toHaveLength(CHAT_HISTORY_LIMIT);
  });
});

describe('language filter', () => {
  it('catches swearing, also disguised, and leaves innocent words alone', () => {
    expect(containsProfanity('you are a b1tch')).toBe(true);
    expect(containsProfanity('what the fuck')).toBe(true);
    expect(containsProfanity('We live in Scunthorpe')).toBe(false);
    expect(containsProfanity('our assessment of the class visit')).toBe(false);
  });
});
