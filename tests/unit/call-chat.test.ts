import { describe, expect, it } from 'vitest';
import { CallChat, CHAT_HISTORY_LIMIT, maySend } from '../../server/calls/call-chat.js';
import { containsProfanity } from '../../server/calls/language-filter.js';

describe('call chat', () => {
  it('keeps the teachers’ side chat away from class devices', () => {
    const chat = new CallChat();
    chat.add('teachers', { id: 't', name: 'Ms A' }, 'Shall we move on?');
    chat.add('class', { id: 'd', name: '4A' }, 'Hello 4B!');
    expect(chat.visibleTo('teacher').map((m) => m.text)).toEqual(['Shall we move on?', 'Hello 4B!']);
    expect(chat.visibleTo('device').map((m) => m.text)).toEqual(['Hello 4B!']);
  });

  it('lets class devices write only in the class channel, and only while it is on', () => {
    expect(maySend('device', 'class', false)).toBe(false);
    expect(maySend('device', 'class', true)).toBe(true);
    expect(maySend('device', 'teachers', true)).toBe(false);
    expect(maySend('teacher', 'teachers', false)).toBe(true);
  });

  it('deletes one message and keeps a bounded history', () => {
    const chat = new CallChat();
    const m = chat.add('class', { id: 'd', name: '4A' }, 'oops');
    expect(chat.delete(m.id)?.text).toBe('oops');
    expect(chat.delete(m.id)).toBeUndefined();
    for (let i = 0; i < CHAT_HISTORY_LIMIT + 10; i++) chat.add('class', { id: 'd', name: '4A' }, `m${i}`);
    expect(chat.visibleTo('teacher')).toHaveLength(CHAT_HISTORY_LIMIT);
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
