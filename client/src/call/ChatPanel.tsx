import { useState } from 'react';
import type { CallState } from '../../../shared/schemas/call';
import { FormError } from '../components/FormError';
import { useCallStore } from '../stores/call-store';
import { RaiseConcern } from '../review/RaiseConcern';
import type { ConcernSubject } from '../../../shared/schemas/safeguarding';
import type { CallSession } from './call-session';

type Channel = 'teachers' | 'class';

/** Teachers: the side chat and the class chat (which they turn on and moderate).
 * Class devices: the class chat, while it is on. */
export function ChatPanel({ call, session }: { call: CallState; session: CallSession }) {
  const messages = useCallStore((s) => s.chat);
  const isTeacher = call.you.kind === 'teacher';
  const [channel, setChannel] = useState<Channel>(isTeacher ? 'teachers' : 'class');
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const [concern, setConcern] = useState<ConcernSubject>();
  if (!isTeacher && !call.classChatOn) return null;
  const shown = messages.filter((m) => m.channel === channel);
  const send = () =>
    session.request('call:chat-send', { channel, text }).then(
      () => {
        setText('');
        setError(undefined);
      },
      (e: Error) => setError(e.message),
    );
  return (
    <section className="chat" aria-labelledby="chat-h">
      <h3 id="chat-h">Chat</h3>
      {isTeacher && (
        <div className="actions" role="group" aria-label="Chat channel">
          <button type="button" className="secondary" aria-pressed={channel === 'teachers'} onClick={() => setChannel('teachers')}>
            Teachers only
          </button>
          <button type="button" className="secondary" aria-pressed={channel === 'class'} onClick={() => setChannel('class')}>
            Class chat {call.classChatOn ? '(on)' : '(off)'}
          </button>
          {channel === 'class' && (
            <button type="button" onClick={() => void session.request('call:class-chat', { on: !call.classChatOn }).catch((e: Error) => setError(e.message))}>
              {call.classChatOn ? 'Turn class chat off' : 'Turn class chat on'}
            </button>
          )}
        </div>
      )}
      <ol className="messages" aria-live="polite">
        {shown.map((m) => (
          <li key={m.id} className={m.held ? 'held' : undefined} data-testid={m.held ? 'held-for-review' : undefined}>
            <strong>{m.fromName}:</strong> {m.text}
            {m.held && (
              <>
                {' '}
                <em className="held-note">
                  {isTeacher
                    ? `Held for you: ${m.held.reason} The partner class has not seen it.`
                    : 'Waiting for your teacher to read it before the other class sees it.'}
                </em>
                {isTeacher && (
                  <button
                    type="button"
                    className="link"
                    data-testid="release-held"
                    aria-label={`Let the message from ${m.fromName} through`}
                    onClick={() => void session.request('call:chat-release', { messageId: m.id }).catch((e: Error) => setError(e.message))}
                  >
                    Let it through
                  </button>
                )}
              </>
            )}
            {isTeacher && (
              <button
                type="button"
                className="link"
                data-testid={m.held ? 'remove-held' : undefined}
                aria-label={`Delete the message from ${m.fromName}`}
                onClick={() => void session.request('call:chat-delete', { messageId: m.id }).catch((e: Error) => setError(e.message))}
              >
                {m.held ? 'Remove' : 'Delete'}
              </button>
            )}
            {isTeacher && (
              <button
                type="button"
                className="link"
                aria-label={`Raise a concern about the message from ${m.fromName}`}
                onClick={() => setConcern({ kind: 'chat-message', callId: call.callId, messageId: m.id })}
              >
                Concern
              </button>
            )}
          </li>
        ))}
      </ol>
      {concern && (
        <RaiseConcern
          key={concern.kind === 'chat-message' ? concern.messageId : ''}
          callId={call.callId}
          subject={concern}
          onClose={() => setConcern(undefined)}
        />
      )}
      <form
        className="chat-form"
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <label className="visually-hidden" htmlFor="chat-text">
          Message
        </label>
        <input id="chat-text" data-testid="chat-text" maxLength={500} value={text} onChange={(e) => setText(e.target.value)} placeholder="Write a message" />
        <button type="submit" disabled={!text.trim()}>
          Send
        </button>
      </form>
      <FormError message={error} />
    </section>
  );
}
